package io.streamnotifier.stream.kcl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void a_reason_masks_addresses_on_one_line_of_bounded_length() {
        String reason = LogSafe.reason(new IllegalStateException("rejected jane@example.com\r\n" + "x".repeat(400)));
        assertEquals("IllegalStateException: rejected j***@example.com " + "x".repeat(274) + "...", reason);
    }

    @Test
    void a_reason_without_message_or_failure_says_so() {
        assertEquals("IOException: null", LogSafe.reason(new IOException()));
        assertEquals("-", LogSafe.reason(null));
    }
}

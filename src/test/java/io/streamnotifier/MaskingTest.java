package io.streamnotifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void an_address_keeps_its_first_letter_and_domain() {
        assertEquals("j***@example.com", Masking.maskEmail("jane.doe@example.com"));
    }

    @Test
    void things_that_are_not_addresses_are_masked_whole() {
        assertEquals("<none>", Masking.maskEmail(null));
        assertEquals("***", Masking.maskEmail("no-at-sign"));
        assertEquals("***", Masking.maskEmail("trailing@"));
    }

    @Test
    void a_reason_is_one_masked_line_of_bounded_length() {
        String reason = Masking.reason(new IllegalStateException("rejected jane@example.com\n" + "x".repeat(400)));
        assertEquals("IllegalStateException: rejected j***@example.com " + "x".repeat(274) + "...", reason);
    }

    @Test
    void addresses_inside_a_text_are_masked_and_line_breaks_removed() {
        assertEquals("Email address is not verified: b***@example.org, a***@example.net end",
                Masking.maskEmailsIn("Email address is not verified: bob@example.org, alice@example.net\r\nend"));
    }
}

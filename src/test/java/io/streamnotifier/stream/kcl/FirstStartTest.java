package io.streamnotifier.stream.kcl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** Which records count as written before a start time, at the precision of their time stamps. */
class FirstStartTest {

    private static final Instant START = Instant.parse("2026-11-30T10:15:42.300Z");

    private static Record stamped(String stamp) {
        return Record.builder().eventID("e").dynamodb(StreamRecord.builder()
                .approximateCreationDateTime(Instant.parse(stamp)).build()).build();
    }

    @Test
    void a_record_stamped_in_the_start_second_or_later_is_kept() {
        assertFalse(FirstStart.createdBefore(stamped("2026-11-30T10:15:42Z"), START), "same second");
        assertFalse(FirstStart.createdBefore(stamped("2026-11-30T10:15:43Z"), START));
    }

    @Test
    void a_record_stamped_an_earlier_second_is_skipped() {
        assertTrue(FirstStart.createdBefore(stamped("2026-11-30T10:15:41Z"), START));
        assertTrue(FirstStart.createdBefore(stamped("2026-11-30T10:14:59Z"), START));
    }

    @Test
    void a_stamp_on_a_whole_minute_is_compared_by_minute_as_dynamodb_local_stamps_them() {
        assertFalse(FirstStart.createdBefore(stamped("2026-11-30T10:15:00Z"), START), "the start's minute");
        assertTrue(FirstStart.createdBefore(stamped("2026-11-30T10:14:00Z"), START), "the minute before");
    }

    @Test
    void a_record_without_a_stamp_is_kept() {
        assertFalse(FirstStart.createdBefore(Record.builder().eventID("e").build(), START));
    }
}

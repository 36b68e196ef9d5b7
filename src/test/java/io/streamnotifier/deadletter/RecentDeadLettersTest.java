package io.streamnotifier.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamnotifier.InvalidRecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the status page lists of a dead letter: masked, without the record or order data, newest first. */
class RecentDeadLettersTest {

    @TempDir
    Path dir;

    private static DeadLetter deadLetter(String eventId, String email, String errorClass, String message)
            throws Exception {
        String record = "{\"eventID\":\"" + eventId + "\",\"dynamodb\":{\"NewImage\":{"
                + "\"email\":{\"S\":\"" + email + "\"},\"album\":{\"M\":{\"title\":{\"S\":\"Harvest\"}}}}}}";
        return new DeadLetter("order-confirmation", "Orders", eventId, "100", errorClass, message, 1,
                Instant.parse("2026-11-25T10:00:00Z"), new ObjectMapper().readTree(record));
    }

    @Test
    void lists_the_newest_first_masked_and_keeps_only_the_capacity() throws Exception {
        RecentDeadLetters recent = new RecentDeadLetters(3, "email");
        for (int i = 0; i < 5; i++) {
            recent.add(deadLetter("e" + i, "jane" + i + "@example.com", "x.Boom", "boom"), null);
        }
        List<RecentDeadLetters.Entry> entries = recent.newestFirst();
        assertEquals(List.of("e4", "e3", "e2"), entries.stream().map(RecentDeadLetters.Entry::eventId).toList());
        assertEquals("j***@example.com", entries.get(0).recipient());
        assertEquals("Boom: boom", entries.get(0).reason());
    }

    @Test
    void reasons_mask_addresses_and_never_quote_a_template_error() throws Exception {
        RecentDeadLetters recent = new RecentDeadLetters(20, "email");
        recent.add(deadLetter("a", "jane@example.com", "io.streamnotifier.ses.SesRejectedException",
                "SES rejected the message: MessageRejected: Email address is not verified: jane@example.com"), null);
        recent.add(deadLetter("b", "jane@example.com", "freemarker.core.InvalidReferenceException",
                "The following has evaluated to null or missing: ==> order.album.title [Harvest]"), null);
        recent.add(deadLetter("c", "jane@example.com", null, null),
                new InvalidRecordException("invalid e-mail address in attribute 'email': contains CR or LF"));
        List<RecentDeadLetters.Entry> entries = recent.newestFirst();
        assertEquals("InvalidRecordException: invalid e-mail address in attribute 'email': contains CR or LF",
                entries.get(0).reason());
        assertEquals("InvalidReferenceException: template error (the dead-letter store has the details)",
                entries.get(1).reason());
        assertEquals("SesRejectedException: SES rejected the message: MessageRejected: Email address is not "
                + "verified: j***@example.com", entries.get(2).reason());
        for (RecentDeadLetters.Entry entry : entries) {
            assertFalse(entry.toString().contains("jane@"), entry.toString());
            assertFalse(entry.toString().contains("Harvest"), entry.toString());
        }
    }

    @Test
    void seeds_from_the_newest_lines_of_the_file() throws Exception {
        JsonLinesDeadLetterStore store = new JsonLinesDeadLetterStore(dir.resolve("dead-letters.jsonl"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            store.append(deadLetter("e" + i, "a@b.example", "x.Boom", "boom"));
            ids.add("e" + i);
        }
        List<DeadLetter> last = store.readLast(20);
        assertEquals(ids.subList(10, 30), last.stream().map(DeadLetter::eventId).toList());
        RecentDeadLetters recent = new RecentDeadLetters(20, "email");
        recent.addAll(last);
        assertEquals("e29", recent.newestFirst().get(0).eventId());
        assertEquals("e10", recent.newestFirst().get(19).eventId());
        assertEquals(List.of(), new JsonLinesDeadLetterStore(dir.resolve("none.jsonl")).readLast(20));
    }
}

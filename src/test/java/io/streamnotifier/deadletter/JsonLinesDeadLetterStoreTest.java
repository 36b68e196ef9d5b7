package io.streamnotifier.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesDeadLetterStoreTest {

    @TempDir
    Path dir;

    private static DeadLetter deadLetter(String eventId) throws Exception {
        return new DeadLetter("order-confirmation", "Orders", eventId, "1000" + eventId, "java.io.IOException",
                "boom", 4, Instant.parse("2026-11-25T10:00:00Z"),
                new ObjectMapper().readTree("{\"eventID\":\"" + eventId + "\",\"dynamodb\":{\"NewImage\":{\"amount\":{\"N\":\"0.10000000000000000001\"}}}}"));
    }

    @Test
    void dead_letters_survive_a_new_store_instance_and_keep_exact_numbers() throws Exception {
        Path file = dir.resolve("nested/dead-letters.jsonl");
        new JsonLinesDeadLetterStore(file).append(deadLetter("a"));
        new JsonLinesDeadLetterStore(file).append(deadLetter("b"));

        List<DeadLetter> read = new JsonLinesDeadLetterStore(file).readAll();
        assertEquals(2, read.size());
        assertEquals(deadLetter("a"), read.get(0));
        assertEquals(deadLetter("b"), read.get(1));
        assertEquals(2, Files.readAllLines(file).size());
        assertEquals("0.10000000000000000001",
                read.get(0).record().at("/dynamodb/NewImage/amount/N").asText());
    }

    @Test
    void a_missing_file_means_no_dead_letters() throws Exception {
        assertEquals(List.of(), new JsonLinesDeadLetterStore(dir.resolve("none.jsonl")).readAll());
    }
}

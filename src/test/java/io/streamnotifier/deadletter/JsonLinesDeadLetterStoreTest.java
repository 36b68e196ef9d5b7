package io.streamnotifier.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamnotifier.Json;
import io.streamnotifier.stream.Fixtures;
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

    /** Writes {@code count} dead letters of a recorded INSERT (about 700 bytes a line), without forcing each. */
    static void writeDeadLetters(Path file, int count, String routeId) throws Exception {
        var record = Fixtures.json("insert");
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                DeadLetter deadLetter = new DeadLetter(routeId, "Orders", "event-" + i, String.valueOf(1000 + i),
                        "io.streamnotifier.ses.SesRejectedException", "MessageRejected: rejected", 1,
                        Instant.parse("2026-11-25T10:00:00Z"), record);
                writer.write(Json.MAPPER.writeValueAsString(deadLetter.toJson()));
                writer.write('\n');
            }
        }
    }

    @Test
    void appends_do_not_wait_for_scrapes_of_a_file_of_100000_dead_letters() throws Exception {
        Path file = dir.resolve("dead-letters.jsonl");
        writeDeadLetters(file, 100_000, "order-confirmation");
        JsonLinesDeadLetterStore store = new JsonLinesDeadLetterStore(file);
        // what a scrape cost when it read the whole file
        long readStarted = System.nanoTime();
        try (var lines = Files.lines(file)) {
            assertEquals(100_000, lines.count());
        }
        Duration wholeRead = Duration.ofNanos(System.nanoTime() - readStarted);
        assertEquals(100_000, store.size(), "counted when first asked");
        // what 100 appends cost with nobody scraping (on a file of their own)
        JsonLinesDeadLetterStore alone = new JsonLinesDeadLetterStore(dir.resolve("alone.jsonl"));
        long aloneStarted = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            alone.append(deadLetter("alone-" + i));
        }
        Duration appendsAlone = Duration.ofNanos(System.nanoTime() - aloneStarted);

        AtomicBoolean appending = new AtomicBoolean(true);
        List<Double> scraped = Collections.synchronizedList(new ArrayList<>());
        Thread scraper = new Thread(() -> {
            while (appending.get()) {
                scraped.add(store.size());
            }
        }, "scraper");
        scraper.start();
        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            store.append(deadLetter("new-" + i));
        }
        Duration appendsScraped = Duration.ofNanos(System.nanoTime() - started);
        appending.set(false);
        scraper.join();

        assertEquals(100_100, store.size());
        assertEquals(100_100, Files.readAllLines(file).size());
        assertTrue(scraped.size() > 1, "scrapes ran while appending: " + scraped.size());
        double last = 0;
        for (double value : scraped) {
            assertTrue(value >= last && value >= 100_000 && value <= 100_100, "scrapes saw " + value + " after " + last);
            last = value;
        }
        // an append that waited for a scrape reading the file would have waited about one whole read each: 100
        // appends would take 100 whole reads longer than alone; allow them 20 (the machine is shared)
        Duration bound = appendsAlone.multipliedBy(3).plus(wholeRead.multipliedBy(20));
        assertTrue(appendsScraped.compareTo(bound) < 0, "100 appends took " + appendsScraped.toMillis()
                + " ms while scraped, " + appendsAlone.toMillis() + " ms alone; one whole read of the file takes "
                + wholeRead.toMillis() + " ms");
    }

    @Test
    void the_count_follows_other_writers_and_a_file_moved_aside() throws Exception {
        Path file = dir.resolve("dead-letters.jsonl");
        JsonLinesDeadLetterStore store = new JsonLinesDeadLetterStore(file);
        assertEquals(0, store.size());
        store.append(deadLetter("a"));
        store.append(deadLetter("b"));
        assertEquals(2, store.size());
        // another process (a replay) appends to the same file
        new JsonLinesDeadLetterStore(file).append(deadLetter("c"));
        assertEquals(3, store.size());
        // a replay moves the file aside: no dead letters until one is stored again
        Files.move(file, dir.resolve("dead-letters.jsonl.replaying-1"), StandardCopyOption.ATOMIC_MOVE);
        assertEquals(0, store.size());
        new JsonLinesDeadLetterStore(file).append(deadLetter("d"));
        assertEquals(1, store.size());
        store.append(deadLetter("e"));
        assertEquals(2, store.size());
        // blank lines are no dead letters; a last line cut short is one
        Files.writeString(file, "\n  \n{\"cut", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(3, store.size());
    }

    @Test
    void the_file_and_the_directory_it_creates_are_for_the_owner_only() throws Exception {
        Path file = dir.resolve("data/dead/dead-letters.jsonl");
        new JsonLinesDeadLetterStore(file).append(deadLetter("a"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))));
    }
}

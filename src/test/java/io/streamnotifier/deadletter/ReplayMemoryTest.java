package io.streamnotifier.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayMemoryTest {

    @TempDir
    Path dir;

    @Test
    void replay_of_100000_dead_letters_runs_in_a_32_mb_heap() throws Exception {
        Path file = dir.resolve("dead-letters.jsonl");
        // about 70 MB of dead letters of a route the context does not have: each is kept as it was
        JsonLinesDeadLetterStoreTest.writeDeadLetters(file, 100_000, "a-route-since-removed");
        long bytes = Files.size(file);
        assertTrue(bytes > 64L * 1024 * 1024, "the file is larger than the heap: " + bytes);

        Path output = dir.resolve("replay.out");
        Process replay = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), ReplayInSmallHeap.class.getName(),
                file.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = replay.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            replay.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(ended, "the replay did not end within 5 minutes");
        assertEquals(0, replay.exitValue(), printed.length() > 2000 ? printed.substring(0, 2000) : printed);
        assertTrue(printed.contains("failed again: 100000"), printed);
        // every dead letter kept, the moved-aside file gone
        try (var lines = Files.lines(file)) {
            assertEquals(100_000, lines.count());
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().contains(".replaying-")).count());
        }
    }
}

package io.streamnotifier.deadletter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.streamnotifier.Json;
import org.apache.camel.CamelContext;

/**
 * The {@code replay} command's file part: sends the dead letters of the file store again through the route that
 * dead-lettered them ({@link Redelivery}: same templates, same send-once check, same SES failure handling; the SQS
 * queue's are {@link QueueReplay}'s). A dead letter that goes through leaves the store; one that fails again is
 * stored again by the route, with its new reason.
 * <p>
 * The file is first moved aside ({@code dead-letters.jsonl.replaying-TIME}) in one atomic rename, so a running
 * service keeps appending new dead letters to a fresh file meanwhile; the moved file is deleted at the end. A
 * replay that stopped half-way leaves it, and the next replay takes it up first. A line that is not a dead letter
 * (cut short by a crash, edited by hand) is kept as it is and counted as failed; its content is not printed.
 */
public final class Replay {

    private final Path file;
    private final PrintStream out;
    private final Redelivery redelivery;
    /** Where the lines that are kept go back (the store's file, appended to by the routes meanwhile too). */
    private final JsonLinesDeadLetterStore kept;

    public Replay(CamelContext context, Path file, PrintStream out) {
        this.file = file;
        this.out = out;
        this.redelivery = new Redelivery(context, out);
        this.kept = new JsonLinesDeadLetterStore(file);
    }

    /** Lists what would be sent (masked) without sending. */
    public int dryRun() throws IOException {
        int[] count = {0, 0}; // dead letters, unreadable lines
        for (Path path : pending(false)) {
            forEachLine(path, (line, deadLetter) -> {
                if (deadLetter == null) {
                    count[1]++;
                } else {
                    out.println(Redelivery.describe(deadLetter));
                    count[0]++;
                }
            });
        }
        out.printf("%d dead letter(s) would be sent again (dry run: nothing sent)%n", count[0]);
        if (count[1] > 0) {
            out.printf("%d unreadable line(s) would be kept as they are%n", count[1]);
        }
        return count[0];
    }

    /** Sends every dead letter again; returns how many failed again (and are back in the store). */
    public int run() throws IOException {
        int[] count = {0, 0}; // sent, failed again
        for (Path path : pending(true)) {
            forEachLine(path, (line, deadLetter) -> {
                if (deadLetter == null) {
                    // a line cut short by a crash, or edited by hand: kept as it is for the operator, not lost
                    kept.appendLine(line, false);
                    count[1]++;
                    return;
                }
                Redelivery.Outcome outcome = redelivery.replay(deadLetter);
                count[outcome == Redelivery.Outcome.SENT ? 0 : 1]++;
                if (outcome == Redelivery.Outcome.NOT_STORED) {
                    keep(deadLetter);
                }
            });
            // the lines kept are on disk before their source goes: a replay stopped before this takes the file up
            // again (a line kept then is kept twice, never lost)
            kept.force();
            Files.delete(path); // done with this file: a replay stopped later does not take it up again
        }
        out.printf("replayed: %d sent, %d failed again%n", count[0], count[1]);
        return count[1];
    }

    /** What is done with each non-blank line of a file: its dead letter, or null when it is not one. */
    private interface LineHandler {
        void handle(String line, DeadLetter deadLetter) throws IOException;
    }

    /** Reads the file line by line (it can hold many dead letters: only the line in hand is in memory). */
    private void forEachLine(Path path, LineHandler handler) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank()) {
                    handler.handle(line, parse(path, number, line));
                }
            }
        }
    }

    /**
     * One line of a dead-letter file, or null when it is not a dead letter (reported without its content, which
     * may hold personal data).
     */
    private DeadLetter parse(Path path, int number, String line) {
        try {
            DeadLetter deadLetter = DeadLetter.fromJson(Json.MAPPER.readTree(line));
            if (deadLetter.record() == null || !deadLetter.record().isObject()) {
                throw new IllegalArgumentException("no record");
            }
            return deadLetter;
        } catch (IOException | RuntimeException e) {
            out.println("not replayed (line " + number + " of " + path.getFileName() + " is not a dead letter: "
                    + e.getClass().getSimpleName() + "), kept as it is");
            return null;
        }
    }

    /** Puts a dead letter that was neither sent nor stored again back into the store, unchanged. */
    private void keep(DeadLetter deadLetter) throws IOException {
        kept.appendLine(Json.MAPPER.writeValueAsString(deadLetter.toJson()), false);
    }

    /** The files to replay: moved-aside files of an earlier replay, then the store itself (moved aside now). */
    private List<Path> pending(boolean moveAside) throws IOException {
        List<Path> paths = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + ".replaying-";
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> siblings = Files.list(dir)) {
                siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().forEach(paths::add);
            }
        }
        if (Files.exists(file)) {
            if (moveAside) {
                Path aside = file.resolveSibling(prefix + Instant.now().toEpochMilli());
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                paths.add(aside);
            } else {
                paths.add(file);
            }
        }
        return paths;
    }
}

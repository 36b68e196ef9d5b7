package io.streamnotifier.deadletter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamnotifier.Json;

/**
 * The default store: one JSON object per line, appended to a file and forced to disk before {@link #append}
 * returns, so dead letters survive a crash or restart. Lines are never rewritten; the file can be read with
 * {@code jq} and replayed.
 */
public class JsonLinesDeadLetterStore implements DeadLetterStore {

    private static final ObjectMapper MAPPER = Json.MAPPER;

    private final Path file;

    public JsonLinesDeadLetterStore(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void append(DeadLetter deadLetter) throws IOException {
        appendLine(MAPPER.writeValueAsString(deadLetter.toJson()));
    }

    /** Appends one line as it is (the replay keeps a line it cannot read this way), forced to disk. */
    synchronized void appendLine(String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    /** Every dead letter in the file, oldest first; none if the file does not exist yet. */
    public synchronized List<DeadLetter> readAll() throws IOException {
        List<DeadLetter> all = new ArrayList<>();
        if (!Files.exists(file)) {
            return all;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                all.add(DeadLetter.fromJson(MAPPER.readTree(line)));
            }
        }
        return all;
    }

    /**
     * The newest {@code count} dead letters in the file, oldest first, read line by line (the file can be large);
     * none if it does not exist yet.
     */
    public synchronized List<DeadLetter> readLast(int count) throws IOException {
        java.util.ArrayDeque<String> last = new java.util.ArrayDeque<>();
        if (!Files.exists(file) || count <= 0) {
            return new ArrayList<>();
        }
        try (java.io.BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    last.addLast(line);
                    if (last.size() > count) {
                        last.removeFirst();
                    }
                }
            }
        }
        List<DeadLetter> out = new ArrayList<>();
        for (String line : last) {
            out.add(DeadLetter.fromJson(MAPPER.readTree(line)));
        }
        return out;
    }

    /** How many dead letters the file holds now (lines), 0 if it does not exist; -1 if it cannot be read. */
    public synchronized double size() {
        if (!Files.exists(file)) {
            return 0;
        }
        try (java.util.stream.Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        return "file " + file;
    }
}

package io.streamnotifier.deadletter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamnotifier.Json;

/**
 * The default store: one JSON object per line, appended to a file and forced to disk before {@link #append}
 * returns, so dead letters survive a crash or restart. Lines are never rewritten; the file can be read with
 * {@code jq} and replayed.
 * <p>
 * The file holds whole records (personal data): it is created readable by its owner only ({@code rw-------}), and
 * so is its directory when the store creates it ({@code rwx------}). An existing file or directory keeps its
 * permissions.
 * <p>
 * {@link #size()} (the {@code notifier.dead.letter.file.entries} gauge) does not read the file on every call: the
 * count is kept as the file changes. It is counted once, then each append adds its line; lines another process
 * appended (a {@code replay}) are counted from where the last count ended, and a file that was replaced (moved
 * aside by a {@code replay}, edited) is counted again. None of this takes the lock that appends take.
 */
public class JsonLinesDeadLetterStore implements DeadLetterStore {

    private static final ObjectMapper MAPPER = Json.MAPPER;
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<OpenOption> APPEND = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);

    /**
     * What the count covers: the file (its key, which a replacement changes), how many of its bytes were counted,
     * the non-blank lines ended in them, and whether the line they end in (not ended yet) has content.
     */
    private record Counted(Object fileKey, long bytes, long lines, boolean openLineHasContent) {

        long entries() {
            return lines + (openLineHasContent ? 1 : 0);
        }
    }

    private final Path file;
    /** What {@link #size()} last counted (or an append added to); null before the first count. */
    private final AtomicReference<Counted> counted = new AtomicReference<>();

    public JsonLinesDeadLetterStore(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void append(DeadLetter deadLetter) throws IOException {
        appendLine(MAPPER.writeValueAsString(deadLetter.toJson()));
    }

    /** Appends one line as it is (the replay keeps a line it cannot read this way), forced to disk. */
    synchronized void appendLine(String text) throws IOException {
        appendLine(text, true);
    }

    /**
     * Appends one line as it is; forced to disk if {@code force}, else left to {@link #force()} (the replay, which
     * keeps its source file until the lines it wrote back are forced).
     */
    synchronized void appendLine(String text, boolean force) throws IOException {
        createDirectory(file.toAbsolutePath().getParent());
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = POSIX ? FileChannel.open(file, APPEND, ownerOnly("rw-------"))
                : FileChannel.open(file, APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (force) {
                channel.force(false);
            }
            long end = channel.position();
            added(end - line.length, end, !text.isBlank());
        }
    }

    /** Forces the lines appended so far to disk. */
    synchronized void force() throws IOException {
        if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(false);
            }
        }
    }

    /** Adds an appended line to the count when the count ended just where the line starts; else a scrape counts it. */
    private void added(long start, long end, boolean content) {
        Object fileKey;
        try {
            fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return; // moved aside meanwhile (a replay): the line is stored; the next scrape counts the new file
        }
        Counted current = counted.get();
        if (current != null && Objects.equals(current.fileKey(), fileKey) && current.bytes() == start
                && !current.openLineHasContent()) {
            counted.compareAndSet(current, new Counted(fileKey, end, current.lines() + (content ? 1 : 0), false));
        }
    }

    /** Creates the directory, and those above it that are missing, for the owner only; one that exists is kept. */
    public static void createDirectory(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        createDirectory(dir.getParent());
        try {
            if (POSIX) {
                Files.createDirectory(dir, ownerOnly("rwx------"));
            } else {
                Files.createDirectory(dir);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private static FileAttribute<Set<java.nio.file.attribute.PosixFilePermission>> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    /** Every dead letter in the file, oldest first; none if the file does not exist yet. */
    public synchronized List<DeadLetter> readAll() throws IOException {
        List<DeadLetter> all = new ArrayList<>();
        if (!Files.exists(file)) {
            return all;
        }
        try (java.io.BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    all.add(DeadLetter.fromJson(MAPPER.readTree(line)));
                }
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

    /**
     * How many dead letters the file holds now (non-blank lines), 0 if it does not exist; -1 if it cannot be read.
     * Reads only what changed since the last count, and never waits for an append.
     */
    public double size() {
        for (int tries = 0; tries < 10; tries++) {
            Counted before = counted.get();
            Counted now;
            try {
                now = count(before);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            if (now == before || counted.compareAndSet(before, now)) {
                return now.entries();
            }
            // an append moved the count meanwhile: count from there
        }
        Counted last = counted.get();
        return last == null ? -1 : last.entries();
    }

    /** The count of the file as it is now, reading only the bytes {@code before} did not cover when it can. */
    private Counted count(Counted before) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new Counted(null, 0, 0, false);
        }
        Object key = attributes.fileKey();
        long length = attributes.size();
        boolean sameFile = before != null && key != null && key.equals(before.fileKey()) && length >= before.bytes();
        if (sameFile && length == before.bytes()) {
            return before;
        }
        Counted from = sameFile ? before : new Counted(key, 0, 0, false);
        long lines = from.lines();
        boolean content = from.openLineHasContent();
        long bytes = from.bytes();
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from.bytes());
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        lines += content ? 1 : 0;
                        content = false;
                    } else if (b != ' ' && b != '\t' && b != '\r') {
                        content = true;
                    }
                }
                bytes += read;
            }
        }
        return new Counted(key, bytes, lines, content);
    }

    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        return "file " + file;
    }
}

package io.streamnotifier.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.streamnotifier.it.support.LocalStackSettings;

/**
 * The packaged service as a separate process, run the way the container image runs it: {@code java @jvm.options -jar
 * stream-notifier.jar} in a directory holding only the jar, routes/, templates/, kamelets/, config/ and jvm.options,
 * configured by environment variables, against the local servers ({@link LocalStackSettings}, the same settings as
 * an in-process test's). Output goes to {@code service.log} in that directory.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Path app;
    private final Map<String, String> environment = new HashMap<>();
    private Process process;
    private int commands;

    /** How a command of the jar ended: its exit status and everything it wrote (standard output and error). */
    public record Finished(int exitCode, String output) {
    }

    /** Lays out {@code dir} like the image's /app and configures the service for the local servers. */
    public ServiceProcess(Path dir, String table) throws IOException {
        this(dir, table, true);
    }

    /**
     * The packaged jar alone in {@code dir} (which must be empty), configured by the same environment variables: no
     * routes/, templates/, kamelets/, config/ or jvm.options beside it.
     */
    public static ServiceProcess jarAlone(Path dir, String table) throws IOException {
        return new ServiceProcess(dir, table, false);
    }

    private ServiceProcess(Path dir, String table, boolean imageLayout) throws IOException {
        this.app = Files.createDirectories(dir);
        Files.copy(Path.of("target", "stream-notifier.jar"), app.resolve("stream-notifier.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        if (imageLayout) {
            copyTree(Path.of("routes"), app.resolve("routes"));
            copyTree(Path.of("templates"), app.resolve("templates"));
            copyTree(Path.of("kamelets"), app.resolve("kamelets"));
            Files.createDirectories(app.resolve("config"));
            if (Files.exists(Path.of("jvm.options"))) {
                Files.copy(Path.of("jvm.options"), app.resolve("jvm.options"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        environment.putAll(LocalStackSettings.environment(LocalStackSettings.forTable(table)));
    }

    public ServiceProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Leaves a variable unset, so the service uses its default (as a user who never heard of it). */
    public ServiceProcess unset(String name) {
        environment.remove(name);
        return this;
    }

    public Path dir() {
        return app;
    }

    public Path log() {
        return app.resolve("service.log");
    }

    public String output() throws IOException {
        return Files.readString(log());
    }

    public ServiceProcess start() throws IOException {
        java.util.List<String> command = new java.util.ArrayList<>(
                java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Files.exists(app.resolve("jvm.options"))) {
            command.add("@jvm.options"); // the image's JVM options (the Dockerfile)
        }
        if (Files.exists(app.resolve("stream-notifier.jsa"))) {
            command.add("-XX:SharedArchiveFile=stream-notifier.jsa"); // made by bin/create-class-archive, as in the image
        }
        command.addAll(java.util.List.of("-jar", "stream-notifier.jar"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(app.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        return this;
    }

    /**
     * Runs a command of the jar ({@code java -jar stream-notifier.jar ARGS}, e.g. {@code replay --dry-run}) in this
     * directory with this service's environment, and waits for it to end. Its standard output and error go to
     * {@code command-N.log} in this directory.
     */
    public Finished run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "stream-notifier.jar"));
        line.addAll(List.of(args));
        Path output = app.resolve("command-" + (++commands) + ".log");
        ProcessBuilder builder = new ProcessBuilder(line)
                .directory(app.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process command = builder.start();
        if (!command.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            command.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", args) + " did not end within " + timeout + "; its output:\n"
                    + Files.readString(output));
        }
        return new Finished(command.exitValue(), Files.readString(output));
    }

    /** SIGKILL: the process dies at once, with no chance to finish a batch or save a position. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
            process = null;
        }
    }

    /**
     * SIGSTOP: the process freezes at once, every thread where it is (as in a long GC pause, a stopped container or
     * CPU throttling), until {@link #resume}.
     */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: a paused process goes on where it stopped. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** The process id (while running). */
    public long pid() {
        return process.pid();
    }

    /** The exit status of the process, once it has ended by itself. */
    public int exitCode() {
        return process.exitValue();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then waits for the service to shut down. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

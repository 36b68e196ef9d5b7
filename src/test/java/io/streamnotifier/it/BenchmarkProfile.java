package io.streamnotifier.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the service for the benchmark report: where the threads that read the stream and
 * send (KCL's ShardRecordProcessor threads, and the ddb-stream workers with parallelism above 1) spend their time, blocked reading from DynamoDB or from SES, and the
 * methods most often on the CPU; and the service's CPU per e-mail split by phase ({@link #phases}).
 *
 * <p>Run alone on saved recordings ({@code bench/run --profile-of before.jfr=3.44 after.jfr=0.9}: each file a
 * column, with the service CPU per e-mail its benchmark measured) it prints the phase table, so the before and after
 * columns come from the same code.
 */
final class BenchmarkProfile {

    /** The phases of one e-mail, in the order the report lists them. */
    static final List<String> PHASES = List.of("read", "look-up", "render", "compose", "send", "mark", "checkpoint",
            "other (Camel routing, logging, metrics)", "background threads (leases, scheduler, ops)", "JIT compiler",
            "GC", "JVM, other");

    /** Rows across the phases: the samples of the reading threads with a logging or a metrics frame anywhere. */
    static final List<String> ACROSS = List.of("of which logging (any phase)", "of which metrics (any phase)");

    private BenchmarkProfile() {
    }

    /**
     * {@code FILE.jfr=CPU_MS_PER_MAIL ...}: prints the phase table of each recording, one column each. Without
     * {@code =CPU_MS_PER_MAIL} the column gives shares only.
     */
    public static void main(String[] args) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Phases> columns = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                continue;
            }
            int eq = arg.lastIndexOf('=');
            Path file = Path.of(eq < 0 ? arg : arg.substring(0, eq));
            double cpu = eq < 0 ? Double.NaN : Double.parseDouble(arg.substring(eq + 1));
            labels.add(file.getFileName().toString());
            columns.add(phases(file, cpu));
        }
        if (columns.isEmpty()) {
            System.err.println("usage: bench/run --profile-of FILE.jfr[=CPU_MS_PER_MAIL] [FILE.jfr[=CPU_MS_PER_MAIL] ...]");
            System.exit(2);
        }
        System.out.print(phaseTable(labels, columns));
    }

    /**
     * The shares of one recording's CPU by phase, over the window in which the service sent (first to last CPU
     * sample under the SES send on the reading threads), and the service CPU per e-mail they split.
     */
    record Phases(Map<String, Double> shares, long samples, double cpuMsPerMail, double windowSeconds) {

        double ms(String phase) {
            return shares.getOrDefault(phase, 0.0) * cpuMsPerMail;
        }
    }

    /**
     * Splits the service's CPU per e-mail by phase. Each thread's CPU comes from the recording's per-thread CPU
     * loads (jdk.ThreadCPULoad: a thread's share of the machine since its previous event): the JIT compiler's
     * threads are their own phase, the threads that fetch records are read, the other threads background. The
     * reading threads' CPU (where records are delivered) is split by their execution samples, classified by the
     * frames on their stacks (the innermost frame that names a phase decides). GC is its own phase (the recording's
     * GC CPU times); what the JVM used beyond the threads and GC (jdk.CPULoad) is "JVM, other". All over the
     * window in which the service sent (its first to last CPU sample under the SES send).
     */
    static Phases phases(Path recording, double cpuMsPerMail) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        Instant first = null;
        Instant last = null;
        int cores = Runtime.getRuntime().availableProcessors();
        for (RecordedEvent event : events) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.CPUInformation")) {
                cores = Math.max(1, event.getInt("hwThreads"));
            } else if (type.equals("jdk.ExecutionSample") && readingThread(event)
                    && "send".equals(phase(event))) {
                first = first == null || event.getStartTime().isBefore(first) ? event.getStartTime() : first;
                last = last == null || event.getStartTime().isAfter(last) ? event.getStartTime() : last;
            }
        }
        if (first == null) {
            return new Phases(Map.of(), 0, cpuMsPerMail, 0);
        }
        events = new ArrayList<>(events);
        events.sort(java.util.Comparator.comparing(RecordedEvent::getStartTime));
        Map<String, Long> counts = new HashMap<>();
        long readingSamples = 0;
        double gcSeconds = 0;
        double jvmSeconds = 0;
        Map<String, Double> seconds = new HashMap<>();
        Map<Long, Instant> previousLoad = new HashMap<>();
        for (RecordedEvent event : events) {
            Instant at = event.getStartTime();
            String type = event.getEventType().getName();
            if (type.equals("jdk.ThreadCPULoad") && event.getThread("eventThread") != null) {
                Instant since = previousLoad.put(event.getThread("eventThread").getId(), at);
                if (since != null && !at.isBefore(first) && !at.isAfter(last)) {
                    double cpu = (event.getFloat("user") + event.getFloat("system")) * cores
                            * Duration.between(since, at).toNanos() / 1e9;
                    seconds.merge(threadPhase(event.getThread("eventThread").getJavaName()), cpu, Double::sum);
                }
                continue;
            }
            if (at.isBefore(first) || at.isAfter(last)) {
                continue;
            }
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    if (readingThread(event)) {
                        readingSamples++;
                        counts.merge(phase(event), 1L, Long::sum);
                        across(event).forEach(row -> counts.merge(row, 1L, Long::sum));
                    }
                }
                case "jdk.GCCPUTime" -> gcSeconds += (event.getLong("userTime") + event.getLong("systemTime")) / 1e9;
                // one event a second with the "profile" settings: the JVM's share of all the machine's cores
                case "jdk.CPULoad" -> jvmSeconds += (event.getFloat("jvmUser") + event.getFloat("jvmSystem")) * cores;
                default -> {
                }
            }
        }
        double reading = seconds.getOrDefault(READING, 0.0);
        Map<String, Double> absolute = new LinkedHashMap<>();
        for (String phase : PHASES) {
            double value = switch (phase) {
                case "GC" -> gcSeconds;
                case "JIT compiler" -> seconds.getOrDefault(phase, 0.0);
                case "JVM, other" -> 0.0;
                case "background threads (leases, scheduler, ops)" -> seconds.getOrDefault(phase, 0.0);
                default -> reading * counts.getOrDefault(phase, 0L) / Math.max(1, readingSamples)
                        + (phase.equals("read") ? seconds.getOrDefault(phase, 0.0) : 0.0);
            };
            absolute.put(phase, value);
        }
        double accounted = absolute.values().stream().mapToDouble(Double::doubleValue).sum();
        absolute.put("JVM, other", Math.max(0, jvmSeconds - accounted));
        double total = Math.max(jvmSeconds, accounted);
        Map<String, Double> shares = new LinkedHashMap<>();
        absolute.forEach((phase, value) -> shares.put(phase, total <= 0 ? 0 : value / total));
        for (String row : ACROSS) {
            shares.put(row, total <= 0 ? 0
                    : reading * counts.getOrDefault(row, 0L) / Math.max(1, readingSamples) / total);
        }
        return new Phases(shares, readingSamples, cpuMsPerMail, Duration.between(first, last).toMillis() / 1000.0);
    }

    /** A phase name for the CPU of the reading threads, split by their samples. */
    private static final String READING = "reading threads";

    /** The phase of a thread's whole CPU, by its name. */
    static String threadPhase(String name) {
        if (name == null) {
            return "background threads (leases, scheduler, ops)";
        }
        if (name.startsWith("ShardRecordProcessor") || name.contains("ddb-stream-worker")) {
            return READING;
        }
        if (name.contains("CompilerThread")) {
            return "JIT compiler";
        }
        if (name.startsWith("prefetch-cache") || name.contains("NettyEventLoop") || name.startsWith("sdk-async-response")) {
            return "read";
        }
        return "background threads (leases, scheduler, ops)";
    }

    /** The phase table: one row a phase, for each recording its CPU per e-mail (ms) and its share. */
    static String phaseTable(List<String> labels, List<Phases> columns) {
        StringBuilder out = new StringBuilder("| phase |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (String label : labels) {
            out.append(' ').append(label).append(": ms CPU per e-mail (share) |");
            rule.append(" --- |");
        }
        out.append('\n').append(rule).append('\n');
        for (String phase : PHASES) {
            out.append("| ").append(phase).append(" |");
            for (Phases column : columns) {
                out.append(cell(column.ms(phase), column.shares().getOrDefault(phase, 0.0)));
            }
            out.append('\n');
        }
        out.append("| **total** |");
        for (Phases column : columns) {
            out.append(cell(column.cpuMsPerMail(), 1.0));
        }
        out.append('\n');
        for (String row : ACROSS) {
            out.append("| ").append(row).append(" |");
            for (Phases column : columns) {
                out.append(cell(column.ms(row), column.shares().getOrDefault(row, 0.0)));
            }
            out.append('\n');
        }
        out.append("| (CPU samples of the reading threads in the sending window, window) |");
        for (Phases column : columns) {
            out.append(String.format(Locale.ROOT, " %d, %.1f s |", column.samples(), column.windowSeconds()));
        }
        return out.append("\n\n").toString();
    }

    private static String cell(double ms, double share) {
        return Double.isNaN(ms) ? String.format(Locale.ROOT, " (%.0f %%) |", share * 100)
                : String.format(Locale.ROOT, " %.2f ms (%.0f %%) |", ms, share * 100);
    }

    /** The KCL's shard threads, and with parallelism above 1 the consumer's workers: where records are delivered. */
    private static boolean readingThread(RecordedEvent sample) {
        String name = threadName(sample);
        return name != null && (name.startsWith("ShardRecordProcessor") || name.contains("ddb-stream-worker"));
    }

    private static String threadName(RecordedEvent sample) {
        return sample.getThread("sampledThread") == null ? null : sample.getThread("sampledThread").getJavaName();
    }

    /** The phase of a sample of a reading thread: the innermost frame that names one decides. */
    static String phase(RecordedEvent sample) {
        if (sample.getStackTrace() == null) {
            return "other (Camel routing, logging, metrics)";
        }
        List<String> frames = new ArrayList<>();
        for (RecordedFrame frame : sample.getStackTrace().getFrames()) {
            frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
        }
        return phase(frames);
    }

    private static List<String> across(RecordedEvent sample) {
        boolean logging = false;
        boolean metrics = false;
        if (sample.getStackTrace() != null) {
            for (RecordedFrame frame : sample.getStackTrace().getFrames()) {
                String type = frame.getMethod().getType().getName();
                logging |= type.startsWith("org.apache.logging.") || type.startsWith("org.slf4j.")
                        || type.startsWith("ch.qos.logback.") || type.startsWith("org.apache.camel.processor.LogProcessor")
                        || type.startsWith("org.apache.camel.impl.engine.MDCUnitOfWork");
                metrics |= type.startsWith("io.micrometer.") || type.startsWith("io.streamnotifier.NotifierCounters")
                        || type.startsWith("io.streamnotifier.ops.PerMinuteCounts");
            }
        }
        List<String> rows = new ArrayList<>();
        if (logging) {
            rows.add(ACROSS.get(0));
        }
        if (metrics) {
            rows.add(ACROSS.get(1));
        }
        return rows;
    }

    /** The phase of a stack, innermost frame first. */
    static String phase(List<String> frames) {
        for (String frame : frames) {
            if (frame.contains(".SendOnce.markSent") || frame.contains("SentStore.markSent")
                    || frame.contains(".SendOnce.persistently")) {
                return "mark";
            }
            if (frame.contains(".SendOnce.alreadyDone") || frame.contains("SentStore.sentAmong")
                    || frame.contains(".lookAhead")) {
                return "look-up";
            }
            if (frame.startsWith("io.streamnotifier.ses.") || frame.contains(".aws2.ses") || frame.contains(".sesv2")
                    || frame.contains("services.ses.")) {
                return "send";
            }
            if (frame.startsWith("io.streamnotifier.mail.MimeComposer") || frame.startsWith("jakarta.mail")
                    || frame.startsWith("org.eclipse.angus")) {
                return "compose";
            }
            if (frame.startsWith("freemarker.") || frame.startsWith("io.streamnotifier.mail.EmailRender")
                    || frame.startsWith("io.streamnotifier.mail.LocalizedTemplates")) {
                return "render";
            }
            if (frame.toLowerCase(Locale.ROOT).contains("checkpoint")) {
                return "checkpoint";
            }
            if (frame.startsWith("io.streamnotifier.stream.StreamRecordJson")
                    || frame.startsWith("io.streamnotifier.stream.AttributeValues")
                    || frame.startsWith("io.streamnotifier.stream.ImageModel")) {
                return "read";
            }
        }
        // no phase's own frame: routing if the record was being delivered, else the KCL's reading of the batch
        for (String frame : frames) {
            if (frame.startsWith("org.apache.camel.") || frame.startsWith("io.streamnotifier.stream.kcl.DdbStream")
                    || frame.startsWith("io.streamnotifier.stream.kcl.KeyOrderedBatch")) {
                return "other (Camel routing, logging, metrics)";
            }
        }
        for (String frame : frames) {
            if (frame.startsWith("software.amazon.kinesis.") || frame.contains("streamsadapter")
                    || frame.contains("dynamodb.streams") || frame.contains("DynamoDbStreams")) {
                return "read";
            }
        }
        return "other (Camel routing, logging, metrics)";
    }

    static String summarize(Path recording, int dynamoPort, int sesPort) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        Duration dynamo = Duration.ZERO;
        Duration ses = Duration.ZERO;
        Duration other = Duration.ZERO;
        long dynamoReads = 0;
        long sesReads = 0;
        Map<String, Long> cpu = new HashMap<>();
        long samples = 0;
        java.time.Instant first = null;
        java.time.Instant last = null;
        for (RecordedEvent event : events) {
            String field = event.getEventType().getName().equals("jdk.ExecutionSample") ? "sampledThread"
                    : "eventThread";
            String thread = event.hasField(field) && event.getThread(field) != null
                    ? event.getThread(field).getJavaName() : null;
            // the KCL's shard threads, and with parallelism above 1 the consumer's workers
            if (thread == null || !(thread.startsWith("ShardRecordProcessor") || thread.contains("ddb-stream-worker"))) {
                continue;
            }
            first = first == null || event.getStartTime().isBefore(first) ? event.getStartTime() : first;
            last = last == null || event.getEndTime().isAfter(last) ? event.getEndTime() : last;
            switch (event.getEventType().getName()) {
                case "jdk.SocketRead" -> {
                    int port = event.getInt("port");
                    if (port == dynamoPort) {
                        dynamo = dynamo.plus(event.getDuration());
                        dynamoReads++;
                    } else if (port == sesPort) {
                        ses = ses.plus(event.getDuration());
                        sesReads++;
                    } else {
                        other = other.plus(event.getDuration());
                    }
                }
                case "jdk.ExecutionSample" -> {
                    samples++;
                    if (event.getStackTrace() != null) {
                        cpu.merge(frame(event.getStackTrace().getFrames()), 1L, Long::sum);
                    }
                }
                default -> {
                }
            }
        }
        if (first == null) {
            return "(no events of the ShardRecordProcessor threads were recorded)";
        }
        Duration span = Duration.between(first, last);
        StringBuilder out = new StringBuilder();
        out.append(String.format("The reading thread(s) over %.1f s of recording: blocked reading from DynamoDB "
                + "(send-once check and mark, checkpoints) %.1f s in %d reads, from SES %.1f s in %d reads, other "
                + "sockets %.1f s; %d CPU samples.%n%n", span.toMillis() / 1000.0, dynamo.toMillis() / 1000.0,
                dynamoReads, ses.toMillis() / 1000.0, sesReads, other.toMillis() / 1000.0, samples));
        out.append("Most sampled code of those threads (first frame of this project, Camel, FreeMarker or the SDK):\n\n");
        out.append("| samples | frame |\n| --- | --- |\n");
        final long total = Math.max(1, samples);
        cpu.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> out.append(String.format("| %d (%.0f %%) | `%s` |%n", e.getValue(),
                        100.0 * e.getValue() / total, e.getKey())));
        return out.toString();
    }

    /** The first frame that belongs to code the service chooses (not the JDK's internals). */
    private static String frame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("io.streamnotifier") || type.startsWith("org.apache.camel")
                    || type.startsWith("freemarker") || type.startsWith("software.amazon")
                    || type.startsWith("jakarta.mail") || type.startsWith("org.apache.http")
                    || type.startsWith("com.fasterxml")) {
                return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
            }
        }
        return frames.isEmpty() ? "?" : frames.get(0).getMethod().getType().getName() + "."
                + frames.get(0).getMethod().getName();
    }
}

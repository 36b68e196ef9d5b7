package io.streamnotifier.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the service for the benchmark report: where the threads that read the stream and
 * send (KCL's ShardRecordProcessor threads, and the ddb-stream workers with parallelism above 1) spend their time, blocked reading from DynamoDB or from SES, and the
 * methods most often on the CPU.
 */
final class BenchmarkProfile {

    private BenchmarkProfile() {
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

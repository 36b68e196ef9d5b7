package io.streamnotifier.it;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.streamnotifier.it.support.LocalServers;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The benchmark's "bare loop": what the Lambda function the service replaces does per record, in a JVM of its own
 * started with the service's JVM options. It reads the stream's records (GetRecords, in order, the batch size the
 * service was given: the Lambda's event source mapping does this part for it), and for each record, one at a time:
 * turns the NewImage into a plain map, formats the text and HTML of the confirmation, and sends it to SES. No
 * send-once table, no checkpoints, no dead letters, no templates: the floor a Java service doing the same calls
 * could reach. It prints one line, {@code bare-loop sent=N seconds=S cpu-ms=C}: the e-mails it sent after the
 * first (a warm-up, as the service's benchmark run sends one before its clock starts), the seconds they took and
 * the process's CPU time (user + system, all threads) over them.
 *
 * <p>Arguments: {@code STREAM_ARN DYNAMODB_ENDPOINT SES_ENDPOINT BATCH_SIZE COUNT [SES_API]}; SES_API is the
 * {@link Sender} to use ({@code ses-v1}, the default).
 */
public final class BareLoop {

    /** How the loop hands one e-mail to SES: one implementation per SES API, so the loop follows the service's. */
    interface Sender extends AutoCloseable {

        void send(String from, String to, String subject, String text, String html);

        @Override
        void close();
    }

    /** SES v1 (the Query API of Camel's {@code aws2-ses}): SendEmail, as the seed's Lambda calls it. */
    static final class SesV1 implements Sender {

        private final SesClient ses;

        SesV1(URI endpoint) {
            ses = LocalServers.client(SesClient.builder(), endpoint).build();
        }

        @Override
        public void send(String from, String to, String subject, String text, String html) {
            ses.sendEmail(b -> b.source(from).destination(d -> d.toAddresses(to))
                    .message(m -> m.subject(c -> c.charset("UTF-8").data(subject))
                            .body(body -> body.text(c -> c.charset("UTF-8").data(text))
                                    .html(c -> c.charset("UTF-8").data(html)))));
        }

        @Override
        public void close() {
            ses.close();
        }
    }

    /** SES v2 (the JSON API the service's {@code ses-v2} endpoint calls): SendEmail with simple content. */
    static final class SesV2 implements Sender {

        private final SesV2Client ses;

        SesV2(URI endpoint) {
            ses = LocalServers.client(SesV2Client.builder(), endpoint).build();
        }

        @Override
        public void send(String from, String to, String subject, String text, String html) {
            ses.sendEmail(b -> b.fromEmailAddress(from).destination(d -> d.toAddresses(to))
                    .content(c -> c.simple(m -> m.subject(t -> t.charset("UTF-8").data(subject))
                            .body(body -> body.text(t -> t.charset("UTF-8").data(text))
                                    .html(t -> t.charset("UTF-8").data(html))))));
        }

        @Override
        public void close() {
            ses.close();
        }
    }

    static Sender sender(String api, URI endpoint) {
        return switch (api) {
            case "ses-v1" -> new SesV1(endpoint);
            case "ses-v2" -> new SesV2(endpoint);
            default -> throw new IllegalArgumentException("unknown SES API " + api + " (ses-v1, ses-v2)");
        };
    }

    private static final String FROM = "Pinehead Records <orders@pinehead-records.example>";
    private static final String SUBJECT = "Pinehead Records: Order Confirmation";

    private BareLoop() {
    }

    public static void main(String[] args) throws Exception {
        String streamArn = args[0];
        URI dynamo = URI.create(args[1]);
        URI sesEndpoint = URI.create(args[2]);
        int batchSize = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        String api = args.length > 5 ? args[5] : "ses-v2";
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        try (DynamoDbStreamsClient streams = LocalServers.client(DynamoDbStreamsClient.builder(), dynamo).build();
                Sender ses = sender(api, sesEndpoint)) {
            int sent = -1;
            long start = 0;
            long cpuStart = 0;
            for (var shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
                String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                        .shardIteratorType("TRIM_HORIZON")).shardIterator();
                while (iterator != null && sent < count) {
                    String current = iterator;
                    GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current).limit(batchSize));
                    for (Record record : response.records()) {
                        if (sent >= count) {
                            break;
                        }
                        Map<String, Object> order = plain(record.dynamodb().newImage());
                        send(ses, order);
                        if (++sent == 0) {
                            start = System.nanoTime();
                            cpuStart = os.getProcessCpuTime();
                        }
                    }
                    iterator = response.records().isEmpty() ? null : response.nextShardIterator();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMs = (os.getProcessCpuTime() - cpuStart) / 1e6;
            System.out.printf(java.util.Locale.ROOT, "bare-loop sent=%d seconds=%.3f cpu-ms=%.1f%n", sent, seconds,
                    cpuMs);
        }
    }

    /** The Lambda's {@code TypeDeserializer} step: a DynamoDB attribute map as plain values. */
    static Map<String, Object> plain(Map<String, AttributeValue> image) {
        Map<String, Object> out = new LinkedHashMap<>();
        image.forEach((name, value) -> out.put(name, plain(value)));
        return out;
    }

    private static Object plain(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s();
            case N -> new BigDecimal(value.n());
            case BOOL -> value.bool();
            case NUL -> null;
            case M -> plain(value.m());
            case L -> {
                List<Object> list = new ArrayList<>();
                value.l().forEach(v -> list.add(plain(v)));
                yield list;
            }
            case SS -> value.ss();
            case NS -> value.ns().stream().map(BigDecimal::new).toList();
            case B -> value.b().asByteArray();
            case BS -> value.bs();
            default -> value.toString();
        };
    }

    /** The Lambda's {@code send_email}: the same texts, formatted in place, one SES call. */
    @SuppressWarnings("unchecked")
    static void send(Sender ses, Map<String, Object> data) {
        Map<String, Object> album = (Map<String, Object>) data.get("album");
        String text = "Pinehead Records: Order Confirmation\r\n"
                + "Order ID: " + data.get("id")
                + "Album: " + album.get("title") + " (" + album.get("year") + ")"
                + "Format: " + album.get("format")
                + "Amount: " + data.get("amount");
        String html = "<html>\n    <head></head>\n    <body>\n    <h1>Pinehead Records: Order Confirmation</h1>\n"
                + "    <ul>\n        <li>Order ID: " + data.get("id") + "</li>\n"
                + "        <li>Album: " + album.get("title") + "</li>\n"
                + "        <li>Format: " + album.get("format") + "</li>\n"
                + "        <li><b>Amount: " + data.get("amount") + "</b></li>\n"
                + "    </ul>\n    </body>\n    </html>\n";
        ses.send(FROM, (String) data.get("email"), SUBJECT, text, html);
    }
}

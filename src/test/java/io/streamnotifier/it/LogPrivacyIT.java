package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamnotifier.it.ServiceProcess.Finished;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The service's flows with the root logger and the service's own at DEBUG (the loggers pinned in log4j2.properties
 * excepted), in the JSON log format, through the real jar: sent orders, hostile HTML, bad addresses, MODIFY and
 * REMOVE, SES failing, retrying, rejecting, throttling, refusing every send (circuit open, then closed) and down
 * (the emulator stopped: circuit open as "SES unavailable", then closed); the SQS dead-letter store and its fallback
 * to the file; the {@code replay} command, dry run and real, as a process. No line may hold a test e-mail address or
 * an album title (nor may the replay's output, nor {@code /health/ready} and {@code /status.json} while the circuit
 * is open), and every line of the service's log must be one JSON object, with the record's coordinates as fields.
 */
class LogPrivacyIT {

    private static final Duration LONG_WAIT = Duration.ofSeconds(90);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern OPS_PORT = Pattern.compile("ops server on http://127\\.0\\.0\\.1:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void debug_logs_hold_no_address_and_no_order_data() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("LogPrivacyIT");
        OrdersTable orders = fixture.orders();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> secrets = new ArrayList<>();
        String good = "privacy-" + run + "@example.com";
        String hostile = "hostile-" + run + "@example.com";
        String failing = "failing-" + run + "@example.com";
        String rejected = "rejected-" + run + "@example.com";
        String injected = "injected-" + run + "@example.com\r\nBcc: thief@example.com";
        String throttled = "throttled-" + run + "@example.com";
        String paused = "paused-" + run + "@example.com";
        String down1 = "down1-" + run + "@example.com";
        String down2 = "down2-" + run + "@example.com";
        String titleGood = "Harvest Moon " + run;
        String titleHostile = "<script>alert('" + run + "')</script> & \"quotes\"";
        secrets.addAll(List.of(good, hostile, failing, rejected, "injected-" + run, throttled, paused, down1, down2,
                titleGood, run));

        AtomicInteger throttles = new AtomicInteger();
        AtomicBoolean accountPaused = new AtomicBoolean(true);
        AtomicBoolean failingFails = new AtomicBoolean(true);
        List<Finished> replays = new ArrayList<>();
        Path app = fixture.appDir();
        try (FaultProxy proxy = new FaultProxy(LocalServers.sesEndpoint(), 0);
                ServiceProcess service = fixture.service()) {
            proxy.plan(recipient -> recipient.equals(failing) && failingFails.get() ? Fault.ERROR_500
                    : recipient.equals(rejected) ? Fault.REJECT
                    : recipient.equals(throttled) && throttles.getAndIncrement() < 3 ? Fault.THROTTLE
                    : recipient.equals(paused) && accountPaused.get() ? Fault.ACCOUNT_PAUSED
                    : Fault.PASS);
            debugJson(service)
                    .env("NOTIFIER_SES_ENDPOINT", proxy.endpoint().toString())
                    .env("NOTIFIER_RETRY_MAX_REDELIVERIES", "2")
                    .env("NOTIFIER_RETRY_INITIAL_DELAY_MS", "100")
                    .env("NOTIFIER_SES_PROBE_INTERVAL_MS", "300")
                    .env("NOTIFIER_SES_THROTTLE_MAX_DELAY_MS", "400")
                    .start();

            orders.put(OrdersTable.order("ORD-P1", good, titleGood));
            orders.put(OrdersTable.order("ORD-P2", hostile, titleHostile));
            orders.put(OrdersTable.order("ORD-P3", failing, titleGood));
            orders.put(OrdersTable.order("ORD-P4", rejected, titleGood));
            orders.put(OrdersTable.order("ORD-P5", injected, titleGood));
            orders.put(OrdersTable.order("ORD-P6", "not-an-address-" + run, titleGood));
            orders.setStatus("ORD-P1", "SHIPPED");
            orders.delete("ORD-P2");

            Path deadLetters = service.dir().resolve("data/dead-letters.jsonl");
            await().atMost(LONG_WAIT).until(() -> !ServiceITSupport.mailsTo(good).isEmpty()
                    && !ServiceITSupport.mailsTo(hostile).isEmpty()
                    && Files.exists(deadLetters) && Files.readAllLines(deadLetters).size() == 4);
            // the MODIFY and REMOVE come after them in the shard: wait until they were read too
            await().atMost(Duration.ofSeconds(30)).until(() -> service.output().contains("\"skipped route="));
            int port = opsPort(service);

            // SES throttles the next order three times, then takes it
            orders.put(OrdersTable.order("ORD-P7", throttled, titleGood));
            await().atMost(LONG_WAIT).until(() -> !ServiceITSupport.mailsTo(throttled).isEmpty());
            assertEquals(3, proxy.count(Fault.THROTTLE), "throttled three times, then sent");

            // SES refuses every send: the circuit opens (readiness down with the reason), then closes
            orders.put(OrdersTable.order("ORD-P8", paused, titleGood));
            await().atMost(LONG_WAIT).until(() -> ready(port).statusCode() == 503);
            assertTrue(ready(port).body().contains("SendingPausedException"), ready(port).body());
            assertNoSecret(secrets, "/health/ready while SES refuses", ready(port).body());
            assertNoSecret(secrets, "/status.json while SES refuses", get(port, "/status.json").body());
            accountPaused.set(false);
            await().atMost(LONG_WAIT).until(() -> !ServiceITSupport.mailsTo(paused).isEmpty());
            await().atMost(LONG_WAIT).until(() -> ready(port).statusCode() == 200);

            // SES down: two records in a row use up their retries, the first is dead-lettered, the circuit opens
            LocalServers.stopSes();
            try {
                orders.put(OrdersTable.order("ORD-P9", down1, titleGood));
                orders.put(OrdersTable.order("ORD-P10", down2, titleGood));
                await().atMost(LONG_WAIT).until(() -> ready(port).body().contains("SES unavailable"));
                assertEquals(5, Files.readAllLines(deadLetters).size(), "the first of the outage dead-lettered");
                assertNoSecret(secrets, "/health/ready while SES is down", ready(port).body());
                assertNoSecret(secrets, "/status.json while SES is down", get(port, "/status.json").body());
            } finally {
                LocalServers.startSes();
            }
            await().atMost(LONG_WAIT).until(() -> !ServiceITSupport.mailsTo(down2).isEmpty());
            await().atMost(LONG_WAIT).until(() -> ready(port).statusCode() == 200);
            service.stop();

            // the replay command: SES takes the order that failed and the one of the outage, still rejects one
            failingFails.set(false);
            Finished dryRun = service.run(COMMAND_TIMEOUT, "replay", "--dry-run");
            assertEquals(0, dryRun.exitCode(), dryRun.output());
            assertTrue(dryRun.output().contains("5 dead letter(s) would be sent again"), dryRun.output());
            Finished replay = service.run(COMMAND_TIMEOUT, "replay");
            assertEquals(3, replay.exitCode(), replay.output());
            assertTrue(replay.output().contains("replayed: 2 sent, 3 failed again"), replay.output());
            await().atMost(LONG_WAIT).until(() -> !ServiceITSupport.mailsTo(failing).isEmpty()
                    && !ServiceITSupport.mailsTo(down1).isEmpty());
            replays.add(dryRun);
            replays.add(replay);
        }

        List<String> lines = Files.readAllLines(app.resolve("service.log"));
        assertTrue(lines.size() > 100, "DEBUG logging was on: " + lines.size() + " lines");
        assertEquals(Set.of(), leaks(lines, secrets, true), "log lines with personal or order data");
        assertTrue(lines.stream().anyMatch(l -> coordinates(l)), "the record's coordinates appear as fields");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"routeId\":\"order-confirmation\"") && coordinates(l)),
                "the notification's route appears as a field with the record's coordinates");
        assertEquals(0, lines.stream().filter(l -> l.contains("thief@example.com")).count());
        for (Finished command : replays) {
            assertEquals(Set.of(), leaks(command.output().lines().toList(), secrets, false),
                    "replay output with personal or order data");
        }
    }

    @Test
    void sqs_dead_letters_their_fallback_and_their_replay_log_no_address_and_no_order_data() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("LogPrivacyIT");
        OrdersTable orders = fixture.orders();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String toFile = "sqsdown-" + run + "@example.com";
        String toQueue = "sqsup-" + run + "@example.com";
        String title = "Blue Lines " + run;
        List<String> secrets = List.of(toFile, toQueue, title, run);

        URI sqsEndpoint = LocalServers.sqsEndpoint();
        SqsClient sqs = LocalServers.client(SqsClient.builder(), sqsEndpoint).build();
        // not named after the run: the queue's URL is configuration, which Camel logs at DEBUG
        String queueName = "privacy-" + UUID.randomUUID().toString().substring(0, 8);
        // the queue's URL, then no queue: the SQS store fails until it is created again
        String queueUrl = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));

        AtomicBoolean rejecting = new AtomicBoolean(true);
        List<Finished> replays = new ArrayList<>();
        Path app = fixture.appDir();
        try (sqs; FaultProxy proxy = new FaultProxy(LocalServers.sesEndpoint(), 0);
                ServiceProcess service = fixture.service()) {
            proxy.plan(recipient -> rejecting.get() ? Fault.REJECT : Fault.PASS);
            debugJson(service)
                    .env("NOTIFIER_SES_ENDPOINT", proxy.endpoint().toString())
                    .env("NOTIFIER_DEAD_LETTER_STORE", "sqs")
                    .env("NOTIFIER_DEAD_LETTER_QUEUE_URL", queueUrl)
                    .env("NOTIFIER_SQS_ENDPOINT", sqsEndpoint.toString())
                    .start();

            // the queue is missing: the dead letter goes to the fallback file
            orders.put(OrdersTable.order("ORD-S1", toFile, title));
            Path file = service.dir().resolve("data/dead-letters.jsonl");
            await().atMost(LONG_WAIT).until(() -> Files.exists(file) && Files.readAllLines(file).size() == 1);
            assertTrue(service.output().contains("did not take"), "the fallback is logged");

            // the queue is back: the next dead letter goes there
            assertEquals(queueUrl, sqs.createQueue(b -> b.queueName(queueName)).queueUrl());
            orders.put(OrdersTable.order("ORD-S2", toQueue, title));
            await().atMost(LONG_WAIT).until(() -> queued(sqs, queueUrl) == 1);
            assertEquals(1, Files.readAllLines(file).size());
            service.stop();

            rejecting.set(false);
            Finished dryRun = service.run(COMMAND_TIMEOUT, "replay", "--dry-run");
            assertEquals(0, dryRun.exitCode(), dryRun.output());
            assertTrue(dryRun.output().contains("1 dead letter(s) would be sent again"), dryRun.output());
            assertTrue(dryRun.output().contains("1 dead letter(s) in the queue would be sent again"), dryRun.output());
            Finished replay = service.run(COMMAND_TIMEOUT, "replay");
            assertEquals(0, replay.exitCode(), replay.output());
            assertEquals(1, ServiceITSupport.mailsTo(toFile).size());
            assertEquals(1, ServiceITSupport.mailsTo(toQueue).size());
            assertTrue(!Files.exists(file) || Files.readAllLines(file).isEmpty(), "the file is empty");
            assertEquals(0, queued(sqs, queueUrl), "the queue is empty");
            replays.add(dryRun);
            replays.add(replay);
        }

        List<String> lines = Files.readAllLines(app.resolve("service.log"));
        assertTrue(lines.size() > 100, "DEBUG logging was on: " + lines.size() + " lines");
        assertEquals(Set.of(), leaks(lines, secrets, true), "log lines with personal or order data");
        for (Finished command : replays) {
            assertEquals(Set.of(), leaks(command.output().lines().toList(), secrets, false),
                    "replay output with personal or order data");
        }
    }

    private static ServiceProcess debugJson(ServiceProcess service) {
        return service.env("NOTIFIER_ROOT_LOG_LEVEL", "DEBUG")
                .env("NOTIFIER_LOG_LEVEL", "DEBUG")
                .env("NOTIFIER_LOG_FORMAT", "json");
    }

    /**
     * The lines holding a secret (logger and start of the line). With {@code json}, every line must also be one JSON
     * object; the replay's output mixes JSON log lines with its own plain report lines.
     */
    private static Set<String> leaks(List<String> lines, List<String> secrets, boolean json) {
        Set<String> leaking = new TreeSet<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("===")) {
                continue;
            }
            String logger = "";
            if (json || line.startsWith("{")) {
                try {
                    logger = JSON.readTree(line).path("logger").asText();
                } catch (Exception e) {
                    throw new AssertionError("not one JSON object per line: " + line, e);
                }
            }
            for (String secret : secrets) {
                if (line.contains(secret)) {
                    leaking.add(logger + ": " + line.substring(0, Math.min(300, line.length())));
                }
            }
        }
        return leaking;
    }

    private static boolean coordinates(String line) {
        try {
            JsonNode event = JSON.readTree(line);
            return event.hasNonNull("eventID") && event.hasNonNull("shard") && event.hasNonNull("sequenceNumber");
        } catch (Exception e) {
            return false;
        }
    }

    private static void assertNoSecret(List<String> secrets, String where, String text) {
        for (String secret : secrets) {
            assertTrue(!text.contains(secret), where + " holds " + secret + ": " + text);
        }
    }

    private static int opsPort(ServiceProcess service) throws Exception {
        Matcher port = OPS_PORT.matcher(service.output());
        assertTrue(port.find(), "the ops server's port is logged");
        return Integer.parseInt(port.group(1));
    }

    private static HttpResponse<String> ready(int port) throws Exception {
        return get(port, "/health/ready");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int queued(SqsClient sqs, String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}

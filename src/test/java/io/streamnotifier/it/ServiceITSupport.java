package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.streamnotifier.NotifierCounters;
import io.streamnotifier.StreamNotifier;
import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.deadletter.JsonLinesDeadLetterStore;
import io.streamnotifier.it.support.LocalServers;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * Boots the real service (Camel Main with the shipped application.properties, routes/ and templates/) against
 * DynamoDB Local and the SES emulator. Each test method gets a fresh table read from TRIM_HORIZON (with its lease
 * table created and seeded, so the KCL starts at once) and its own data directory, so tests never see each other's
 * records or dead letters.
 */
public abstract class ServiceITSupport extends CamelMainTestSupport {

    protected static final String ROUTE = "order-confirmation";
    protected static final Duration WAIT = Duration.ofSeconds(30);

    private static final AtomicInteger TABLES = new AtomicInteger();

    // Assigned while the base class constructor runs (useOverridePropertiesWithPropertiesComponent is called from
    // there), so these fields must not have initializers.
    private OrdersTable orders;
    private Path dataDir;

    @Override
    protected Class<?> getMainClass() {
        return StreamNotifier.class;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        String table = getClass().getSimpleName() + "-" + TABLES.incrementAndGet();
        dataDir = Path.of("target", "it-data", table);
        deleteRecursively(dataDir);
        orders = OrdersTable.create(table);
        orders.seedLeases(table + "-leases", "TRIM_HORIZON");

        Properties properties = new Properties();
        // the routes of routes/ only: the jar's start (StreamNotifier.camelMain) leaves out a packaged route that a
        // file replaces, this test start of Camel Main does not
        properties.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
        properties.put("notifier.table", table);
        properties.put("notifier.dynamodb-streams.endpoint", LocalServers.dynamoDbEndpoint().toString());
        properties.put("notifier.ses.endpoint", LocalServers.sesEndpoint().toString());
        properties.put("notifier.stream.starting-position", "TRIM_HORIZON");
        properties.put("notifier.stream.application-name", table);
        properties.put("notifier.stream.lease-table", table + "-leases");
        properties.put("notifier.stream.worker-id", "it-worker");
        properties.put("notifier.stream.failover-time-ms", "3000");
        properties.put("notifier.data-dir", dataDir.toString());
        properties.put("notifier.dead-letter.file", dataDir.resolve("dead-letters.jsonl").toString());
        properties.put("notifier.retry.max-redeliveries", "2");
        properties.put("notifier.retry.initial-delay-ms", "100");
        properties.put("notifier.ses.timeout-ms", "3000");
        properties.put("notifier.ops.port", "0");
        // the emulator has no sending quota; SesRateLimitIT sets one
        properties.put("notifier.ses.max-send-rate", "0");
        properties.putAll(extraProperties());
        return properties;
    }

    /** Properties a test class sets on top of the ones above. */
    protected Properties extraProperties() {
        return new Properties();
    }

    protected OrdersTable orders() {
        return orders;
    }

    protected Path deadLetterFile() {
        return dataDir.resolve("dead-letters.jsonl");
    }

    protected List<DeadLetter> deadLetters() throws IOException {
        return new JsonLinesDeadLetterStore(deadLetterFile()).readAll();
    }

    protected NotifierCounters counters() {
        return context.getRegistry().lookupByNameAndType("counters", NotifierCounters.class);
    }

    /** The stream reader of the route (the consumer of its notifier-ddb-stream-source Kamelet's route). */
    protected io.streamnotifier.stream.kcl.DdbStreamConsumer streamConsumer() {
        return java.util.Objects.requireNonNull(io.streamnotifier.deadletter.Replay.streamConsumerOf(context, ROUTE),
                "no stream reader for " + ROUTE);
    }

    /** Waits until the route has counted {@code expected} of an outcome (the e-mail reaches SES before that). */
    protected void awaitCount(String outcome, long expected) {
        await().atMost(WAIT).until(() -> counters().count(ROUTE, outcome) >= expected);
        org.junit.jupiter.api.Assertions.assertEquals(expected, counters().count(ROUTE, outcome), outcome);
    }

    /** A recipient no other test uses, so the emulator's shared store can be searched by it. */
    protected static String uniqueRecipient() {
        return "buyer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    protected static List<SesMail> mailsTo(String recipient) {
        return SesMail.all().stream().filter(m -> m.to().contains(recipient)).toList();
    }

    protected static SesMail awaitOneMailTo(String recipient) {
        await().atMost(WAIT).until(() -> !mailsTo(recipient).isEmpty());
        List<SesMail> mails = mailsTo(recipient);
        if (mails.size() != 1) {
            throw new AssertionError("expected one e-mail to " + recipient + " but got " + mails.size());
        }
        return mails.get(0);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

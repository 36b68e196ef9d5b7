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
import io.streamnotifier.it.support.LocalStackSettings;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;

/**
 * Boots the real service (Camel Main with the shipped application.properties, routes/ and templates/) against
 * DynamoDB Local and the SES emulator ({@link LocalStackSettings}, as a {@link ServiceProcess} is). Each test method
 * gets a fresh table read from TRIM_HORIZON (its lease table is created by the service's first start, as a user's
 * is) and its own data directory, so tests never see each other's records or dead letters.
 */
public abstract class ServiceITSupport extends CamelMainTestSupport {

    protected static final String ROUTE = "order-confirmation";
    protected static final Duration WAIT = Duration.ofSeconds(30);

    private static final long SES_TIMEOUT_MS = 3000;
    private static final long RETRY_INITIAL_DELAY_MS = 100;
    /**
     * How long a second e-mail to the same recipient can still come after the first: the latest duplicate the pipeline
     * makes by itself is a send SES accepted but answered after the client's timeout ({@value #SES_TIMEOUT_MS} ms;
     * a test class may set a shorter one, none a longer one), tried again after the dead-letter channel's delay (100
     * ms, then 200 ms: 2 redeliveries, backoff 2, give or take 15 %). A record read again (the next poll, 100 ms
     * later) comes sooner. Half a second on top for this check's own polling and a loaded machine.
     */
    static final Duration DUPLICATE_WINDOW = Duration.ofMillis(SES_TIMEOUT_MS + 2 * RETRY_INITIAL_DELAY_MS + 500);

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

        Properties properties = LocalStackSettings.properties(LocalStackSettings.forTable(table));
        // the routes of routes/ only: the jar's start (StreamNotifier.camelMain) leaves out a packaged route that a
        // file replaces, this test start of Camel Main does not
        properties.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
        properties.put("notifier.stream.application-name", table);
        properties.put("notifier.stream.worker-id", "it-worker");
        properties.put("notifier.data-dir", dataDir.toString());
        properties.put("notifier.dead-letter.file", dataDir.resolve("dead-letters.jsonl").toString());
        properties.put("notifier.retry.max-redeliveries", "2");
        properties.put("notifier.retry.initial-delay-ms", Long.toString(RETRY_INITIAL_DELAY_MS));
        properties.put("notifier.ses.timeout-ms", Long.toString(SES_TIMEOUT_MS));
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
        return java.util.Objects.requireNonNull(io.streamnotifier.stream.StreamRoutes.consumerOf(context, ROUTE),
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

    /**
     * Waits for the first e-mail to {@code recipient}, then checks that no second one comes for
     * {@link #DUPLICATE_WINDOW}: a duplicate comes after the first, so a count of one at the first sight proves nothing.
     */
    protected static SesMail awaitOneMailTo(String recipient) {
        await().atMost(WAIT).until(() -> !mailsTo(recipient).isEmpty());
        await("no second e-mail to " + recipient + " within " + DUPLICATE_WINDOW.toMillis() + " ms")
                .during(DUPLICATE_WINDOW).atMost(DUPLICATE_WINDOW.plusSeconds(5))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> mailsTo(recipient).size() == 1);
        return mailsTo(recipient).get(0);
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

package io.streamnotifier.config;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.Masking;
import io.streamnotifier.NotifierCounters;
import io.streamnotifier.deadletter.DeadLetterChannel;
import io.streamnotifier.deadletter.DeadLetterStore;
import io.streamnotifier.deadletter.JsonLinesDeadLetterStore;
import io.streamnotifier.deadletter.RecentDeadLetters;
import io.streamnotifier.deadletter.SqsDeadLetterStore;
import io.streamnotifier.idempotency.DynamoDbSentStore;
import io.streamnotifier.idempotency.SendOnce;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/** What the service stores: the dead letters (file or SQS) and the send-once table. */
@Configuration
public class StoreConfiguration extends AreaConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(StoreConfiguration.class);

    /** How many dead letters the status page lists. */
    private static final int RECENT = 20;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        build(camelContext, "deadLetters", "sendOnce");
    }

    /** The last dead letters (masked), newest first, as the status page lists them. */
    @BindToRegistry("recentDeadLetters")
    public RecentDeadLetters recentDeadLetters() {
        return new RecentDeadLetters(RECENT, MailSettings.from(values()).recipientAttribute());
    }

    /** The end of the dead-letter channel, writing to the configured store. */
    @BindToRegistry(value = "deadLetters", lazy = true)
    public DeadLetterChannel deadLetters(@BeanInject("counters") NotifierCounters counters,
            @BeanInject("meterRegistry") PrometheusMeterRegistry meterRegistry,
            @BeanInject("recentDeadLetters") RecentDeadLetters recent) throws IOException {
        DeadLetterSettings settings = DeadLetterSettings.from(values());
        DeadLetterStore store = deadLetterStore(settings, meterRegistry);
        // the status page lists the newest dead letters: those of the file (the store or the SQS store's fallback)
        // when the service starts, then each one stored
        try {
            recent.addAll(new JsonLinesDeadLetterStore(settings.file()).readLast(RECENT));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not read the newest dead letters of {} for the status page ({}); it lists those stored "
                    + "from now on", settings.file(), Masking.reason(e));
        }
        return withContext(new DeadLetterChannel(store, counters, Clock.systemUTC(), recent));
    }

    private DeadLetterStore deadLetterStore(DeadLetterSettings settings, PrometheusMeterRegistry meterRegistry)
            throws IOException {
        JsonLinesDeadLetterStore fileStore = new JsonLinesDeadLetterStore(settings.file());
        JsonLinesDeadLetterStore.createDirectory(settings.file().toAbsolutePath().getParent());
        if (meterRegistry.find("notifier.dead.letter.file.entries").gauge() == null) {
            // once, as for the circuit's gauge: a second store on the same file would count the same lines
            Gauge.builder("notifier.dead.letter.file.entries", fileStore, JsonLinesDeadLetterStore::size)
                    .description("Dead letters in the file store (with the SQS store: its fallback file)")
                    .register(meterRegistry);
        }
        if (!settings.sqs()) {
            return fileStore;
        }
        SqsClient sqs = new AwsClients(AwsSettings.from(values())).sync(SqsClient.builder(), settings.sqsEndpoint())
                .build();
        return new SqsDeadLetterStore(sqs, settings.queueUrl(), fileStore);
    }

    /**
     * Send-once: a DynamoDB table of the eventIDs already notified (created with a TTL if missing), or nothing
     * when {@code notifier.idempotency.store} is {@code none}.
     */
    @BindToRegistry(value = "sendOnce", lazy = true)
    public SendOnce sendOnce(@BeanInject("counters") NotifierCounters counters) {
        IdempotencySettings settings = IdempotencySettings.from(values());
        if (!settings.enabled()) {
            return withContext(new SendOnce(null, counters));
        }
        DynamoDbSentStore store = new DynamoDbSentStore(new AwsClients(AwsSettings.from(values())).dynamoDb(),
                settings.table(), settings.ttl(), Clock.systemUTC());
        if (settings.createTable()) {
            store.createTableIfMissing();
        }
        if (!settings.overlapMark()) {
            return withContext(new SendOnce(store, counters));
        }
        // one thread per shard with a mark in flight, reused, gone when idle; Camel shuts it down at the stop
        ExecutorService marks = getCamelContext().getExecutorServiceManager()
                .newCachedThreadPool(this, "send-once-mark");
        return withContext(new SendOnce(store, counters, marks));
    }
}

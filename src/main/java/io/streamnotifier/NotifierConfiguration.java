package io.streamnotifier;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.TemplateExceptionHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.deadletter.DeadLetterChannel;
import io.streamnotifier.deadletter.DeadLetterStore;
import io.streamnotifier.deadletter.JsonLinesDeadLetterStore;
import io.streamnotifier.deadletter.RecentDeadLetters;
import io.streamnotifier.deadletter.SqsDeadLetterStore;
import io.streamnotifier.idempotency.DynamoDbSentStore;
import io.streamnotifier.idempotency.SendOnce;
import io.streamnotifier.mail.EmailRender;
import io.streamnotifier.mail.LocalizedTemplates;
import io.streamnotifier.mail.MimeComposer;
import io.streamnotifier.mail.RecipientCheck;
import io.streamnotifier.mail.TemplateCheck;
import io.streamnotifier.ops.LeasePositions;
import io.streamnotifier.ops.OpsServer;
import io.streamnotifier.ops.ReadinessChecks;
import io.streamnotifier.ops.StatusPage;
import io.streamnotifier.ses.SendRateLimiter;
import io.streamnotifier.ses.SesCircuit;
import io.streamnotifier.ses.SesClients;
import io.streamnotifier.ses.SesSender;
import io.streamnotifier.slack.SlackMrkdwn;
import io.streamnotifier.sns.SnsAttributeFilter;
import io.streamnotifier.sns.SnsMessage;
import io.streamnotifier.stream.ImageModel;
import io.streamnotifier.stream.StreamHeaders;
import io.streamnotifier.stream.StreamReaders;
import io.streamnotifier.stream.kcl.DdbStreamComponent;
import io.streamnotifier.stream.kcl.StreamClients;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.Processor;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheckRegistry;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The service's beans, built from the {@code notifier.*} properties (see {@code application.properties} and the
 * configuration table in docs/configuration.md). AWS clients take credentials from the default provider chain only; an endpoint
 * property left empty means the real AWS endpoint of the region.
 */
@Configuration
public class NotifierConfiguration implements CamelConfiguration {

    /** The class-path folder of the templates packaged in the jar. */
    public static final String PACKAGED_TEMPLATES = "templates";

    @PropertyInject("notifier.aws.region")
    private String region;

    private final PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private final NotifierCounters counters = new NotifierCounters(meterRegistry);

    {
        new JvmMemoryMetrics().bindTo(meterRegistry);
        new JvmThreadMetrics().bindTo(meterRegistry);
        new ProcessorMetrics().bindTo(meterRegistry);
        new UptimeMetrics().bindTo(meterRegistry);
    }

    private final SesCircuit sesCircuit = new SesCircuit();

    @PropertyInject("notifier.ops.enabled")
    private boolean opsEnabled;

    @PropertyInject("notifier.ops.host")
    private String opsHost;

    @PropertyInject("notifier.ops.port")
    private int opsPort;

    @PropertyInject("notifier.stream.failover-time-ms")
    private long failoverTimeMs;

    @PropertyInject("notifier.ops.status-page.enabled")
    private boolean statusPageEnabled;

    @PropertyInject("notifier.dynamodb.endpoint")
    private String dynamoEndpoint;

    @PropertyInject("notifier.recipient-attribute")
    private String recipientAttribute;

    /** The last dead letters, masked, for the status page; see {@link #recentDeadLetters()}. */
    private RecentDeadLetters recentDeadLetters;

    /**
     * Beans are bound below; here the readiness checks join Camel's health-check registry and the ops server
     * (health and metrics over HTTP) starts and stops with Camel.
     */
    @Override
    public void configure(CamelContext camelContext) throws Exception {
        // the health-check registry is set up by Camel Main after the configuration classes: register on start
        camelContext.addStartupListener((context, alreadyStarted) -> {
            HealthCheckRegistry health = HealthCheckRegistry.get(context);
            if (health == null) {
                return;
            }
            ReadinessChecks.Streams streams = new ReadinessChecks.Streams(Duration.ofMillis(failoverTimeMs));
            streams.setCamelContext(context);
            ReadinessChecks.Ses ses = new ReadinessChecks.Ses(sesCircuit);
            ses.setCamelContext(context);
            health.register(streams);
            health.register(ses);
        });
        // every template a route names parses and renders against the route's sample record, before any route reads
        camelContext.addStartupListener((context, alreadyStarted) -> TemplateCheck.atStart(context));
        // more than two routes reading one table's stream get throttled by DynamoDB: say so at start
        camelContext.addStartupListener((context, alreadyStarted) -> StreamReaders.warnIfCrowded(context));
        if (opsEnabled) {
            OpsServer ops = new OpsServer(camelContext, meterRegistry, opsHost, opsPort);
            if (statusPageEnabled) {
                // the page reads the stream positions from the lease tables, at most once every 2 s
                ops.setStatusPage(new StatusPage(camelContext, counters, sesCircuit, recentDeadLetters(),
                        meterRegistry, new LeasePositions(() -> aws(DynamoDbClient.builder(), dynamoEndpoint).build(),
                                Duration.ofSeconds(2), Clock.systemUTC())));
            }
            camelContext.getRegistry().bind("opsServer", ops);
            camelContext.addService(ops, true, true);
        }
    }

    /**
     * The {@code ddb-stream:} component (the KCL-based stream reader) with its clients. The KCL's own DynamoDB
     * client is asynchronous; CloudWatch is required by the KCL but never called (its metrics are off).
     */
    @BindToRegistry("ddb-stream")
    public DdbStreamComponent ddbStream(@PropertyInject("notifier.dynamodb-streams.endpoint") String streamsEndpoint,
            @PropertyInject("notifier.dynamodb.endpoint") String dynamoEndpoint) {
        var dynamoAsync = DynamoDbAsyncClient.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder());
        var cloudWatch = CloudWatchAsyncClient.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder());
        if (!dynamoEndpoint.isBlank()) {
            dynamoAsync.endpointOverride(URI.create(dynamoEndpoint));
            cloudWatch.endpointOverride(URI.create(dynamoEndpoint));
        }
        DdbStreamComponent component = new DdbStreamComponent(new StreamClients(Region.of(region),
                dynamoDbStreamsClient(streamsEndpoint), aws(DynamoDbClient.builder(), dynamoEndpoint).build(),
                dynamoAsync.build(), cloudWatch.build()));
        component.setMeterRegistry(meterRegistry);
        return component;
    }

    /** DynamoDB for the {@code check} command's look at the tables (the stream reader has clients of its own). */
    @BindToRegistry("dynamoDbClient")
    public DynamoDbClient dynamoDbClient(@PropertyInject("notifier.dynamodb.endpoint") String endpoint) {
        return aws(DynamoDbClient.builder(), endpoint).build();
    }

    private DynamoDbStreamsClient dynamoDbStreamsClient(String endpoint) {
        return aws(DynamoDbStreamsClient.builder(), endpoint)
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    /** Region, the default credentials chain, the Apache HTTP client, and the endpoint override if one is set. */
    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B aws(B builder, String endpoint) {
        builder.region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder());
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    /** The SES API v2 client of the {@code ses-v2} endpoint and the check command (no retries of its own). */
    @BindToRegistry("sesClient")
    public SesV2Client sesClient(@PropertyInject("notifier.ses.endpoint") String endpoint,
            @PropertyInject("notifier.ses.timeout-ms") long timeoutMs) {
        return SesClients.v2(region, endpoint, timeoutMs);
    }

    /**
     * The SNS client of the {@code notifier-sns-sink} Kamelet ({@code amazonSNSClient=#snsClient}). Like SES, it does
     * not retry by itself: the dead-letter channel's redelivery policy does.
     */
    @BindToRegistry("snsClient")
    public SnsClient snsClient(@PropertyInject("notifier.sns.endpoint") String endpoint,
            @PropertyInject("notifier.sns.timeout-ms") long timeoutMs) {
        return aws(SnsClient.builder(), endpoint)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(Math.min(timeoutMs, 5000)))
                        .socketTimeout(Duration.ofMillis(timeoutMs)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofMillis(timeoutMs))
                        .build())
                .build();
    }

    /** The {@code notifier-sns-sink} Kamelet's message: the image as plain JSON, event type and table as attributes. */
    @BindToRegistry("snsMessage")
    public SnsMessage snsMessage() {
        return new SnsMessage();
    }

    /** Only the attributes of {@link SnsMessage} become SNS message attributes; no other header leaves. */
    @BindToRegistry("snsAttributes")
    public SnsAttributeFilter snsAttributes() {
        return new SnsAttributeFilter();
    }

    /** The FreeMarker set-up used by the {@code freemarker:} steps: {@code *.ftlh} templates are HTML-escaped. */
    @BindToRegistry("templateConfiguration")
    public freemarker.template.Configuration templateConfiguration(
            @PropertyInject("notifier.templates.dir") String dir,
            @PropertyInject("notifier.templates.locale") String locale,
            @PropertyInject("notifier.templates.update-delay-ms") long updateDelayMs) throws IOException {
        var config = new freemarker.template.Configuration(freemarker.template.Configuration.VERSION_2_3_34);
        config.setTemplateLoader(templateLoader(new File(dir)));
        config.setDefaultEncoding("UTF-8");
        config.setOutputEncoding("UTF-8");
        config.setRecognizeStandardFileExtensions(true);
        config.setLocale(Locale.forLanguageTag(locale));
        config.setTemplateUpdateDelayMilliseconds(updateDelayMs);
        config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        // a template error names the expression, not the data; FreeMarker's own log would print the context
        config.setLogTemplateExceptions(false);
        config.setWrapUncheckedExceptions(true);
        config.setFallbackOnNullLoopVariable(false);
        config.setAPIBuiltinEnabled(false);
        config.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        // Slack message templates start with <#ftl output_format="SlackMrkdwn">: every ${...} is escaped as Slack's
        // mrkdwn requires (&, <, >). (Not by file name: Camel clones this configuration, and FreeMarker's per-name
        // template configurations stay bound to the original, failing every template they match.)
        config.setRegisteredCustomOutputFormats(java.util.List.of(SlackMrkdwn.INSTANCE));
        // the customer's language: _de_DE/_de/default look-up, ?string.@money, MailHeader subjects
        LocalizedTemplates.configure(config);
        return config;
    }

    /**
     * The templates of {@code dir} first, then those packaged in the jar ({@code templates/} on the class path): a
     * file replaces the packaged template of the same name. Not sticky, so a file added while the service runs
     * replaces the packaged one at the next update check.
     */
    static TemplateLoader templateLoader(File dir) throws IOException {
        TemplateLoader packaged = new ClassTemplateLoader(NotifierConfiguration.class, "/" + PACKAGED_TEMPLATES);
        if (!dir.exists()) {
            org.slf4j.LoggerFactory.getLogger(NotifierConfiguration.class).info("no templates directory {} "
                    + "(notifier.templates.dir, NOTIFIER_TEMPLATES_DIR): using the templates packaged in the jar",
                    dir.getAbsolutePath());
            return packaged;
        }
        if (!dir.isDirectory()) {
            throw new IllegalArgumentException("notifier.templates.dir (NOTIFIER_TEMPLATES_DIR) '"
                    + dir.getAbsolutePath() + "' is not a directory");
        }
        MultiTemplateLoader loader = new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(dir),
            packaged});
        loader.setSticky(false);
        return loader;
    }

    /**
     * The SES send step, with the failure handling of {@link SesSender}; its send-rate limit is shared by every
     * route that sends through it.
     */
    @BindToRegistry("sesSender")
    public SesSender sesSender(@PropertyInject("notifier.ses.endpoint-uri") String endpointUri,
            @PropertyInject("notifier.sender") String sender,
            @PropertyInject("notifier.ses.max-send-rate") double perSecond,
            @PropertyInject("notifier.ses.throttle-max-delay-ms") long throttleMaxDelayMs,
            @PropertyInject("notifier.ses.probe-interval-ms") long probeIntervalMs,
            @PropertyInject("notifier.max-record-age-seconds") long maxRecordAgeSeconds,
            @PropertyInject("notifier.ses.max-hold-age-seconds") long maxHoldAgeSeconds,
            @PropertyInject("notifier.ses.outage-after-records") int outageAfterRecords,
            @PropertyInject("notifier.retry.max-redeliveries") int maxRedeliveries) throws AddressException {
        return new SesSender(endpointUri, new InternetAddress(sender).getAddress(), new SendRateLimiter(perSecond),
                sesCircuit, Duration.ofMillis(throttleMaxDelayMs), Duration.ofMillis(probeIntervalMs),
                Duration.ofSeconds(maxRecordAgeSeconds), Duration.ofSeconds(maxHoldAgeSeconds), outageAfterRecords,
                maxRedeliveries, Clock.systemUTC(),
                meterRegistry);
    }

    /** The {@code check-age} step: records older than notifier.max-record-age-seconds are dead-lettered. */
    @BindToRegistry("recordAge")
    public RecordAgeCheck recordAge(@PropertyInject("notifier.max-record-age-seconds") long maxRecordAgeSeconds) {
        return new RecordAgeCheck(Duration.ofSeconds(maxRecordAgeSeconds), Clock.systemUTC());
    }

    /** The end of the dead-letter channel, writing to the configured store. */
    @BindToRegistry("deadLetters")
    public DeadLetterChannel deadLetters(
            @PropertyInject("notifier.dead-letter.store") String kind,
            @PropertyInject("notifier.dead-letter.file") String file,
            @PropertyInject("notifier.dead-letter.queue-url") String queueUrl,
            @PropertyInject("notifier.sqs.endpoint") String sqsEndpoint) throws IOException {
        DeadLetterStore store = deadLetterStore(kind, file, queueUrl, sqsEndpoint);
        // the status page lists the newest dead letters: those of the file (the store or the SQS store's fallback)
        // when the service starts, then each one stored
        try {
            recentDeadLetters().addAll(new JsonLinesDeadLetterStore(Path.of(file)).readLast(20));
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(NotifierConfiguration.class).warn("could not read the newest dead "
                    + "letters of {} for the status page ({}); it lists those stored from now on", file,
                    Masking.reason(e));
        }
        return new DeadLetterChannel(store, counters, Clock.systemUTC(), recentDeadLetters());
    }

    /** The last 20 dead letters (masked), newest first, as the status page lists them. */
    private synchronized RecentDeadLetters recentDeadLetters() {
        if (recentDeadLetters == null) {
            recentDeadLetters = new RecentDeadLetters(20, recipientAttribute);
        }
        return recentDeadLetters;
    }

    private DeadLetterStore deadLetterStore(
            String kind,
            String file,
            String queueUrl,
            String sqsEndpoint) throws IOException {
        JsonLinesDeadLetterStore fileStore = new JsonLinesDeadLetterStore(Path.of(file));
        JsonLinesDeadLetterStore.createDirectory(Path.of(file).toAbsolutePath().getParent());
        if (meterRegistry.find("notifier.dead.letter.file.entries").gauge() == null) {
            // once, as for the circuit's gauge: a second store on the same file would count the same lines
            Gauge.builder("notifier.dead.letter.file.entries", fileStore, JsonLinesDeadLetterStore::size)
                    .description("Dead letters in the file store (with the SQS store: its fallback file)")
                    .register(meterRegistry);
        }
        switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "file":
                return fileStore;
            case "sqs":
                if (queueUrl.isBlank()) {
                    throw new IllegalArgumentException("notifier.dead-letter.store is sqs but "
                            + "notifier.dead-letter.queue-url (NOTIFIER_DEAD_LETTER_QUEUE_URL) is empty");
                }
                return new SqsDeadLetterStore(aws(SqsClient.builder(), sqsEndpoint).build(), queueUrl, fileStore);
            default:
                throw new IllegalArgumentException("notifier.dead-letter.store (NOTIFIER_DEAD_LETTER_STORE) is '" + kind
                        + "'; use file or sqs");
        }
    }

    /**
     * Send-once: a DynamoDB table of the eventIDs already notified (created with a TTL if missing), or nothing
     * when {@code notifier.idempotency.store} is {@code none}.
     */
    @BindToRegistry("sendOnce")
    public SendOnce sendOnce(@PropertyInject("notifier.idempotency.store") String kind,
            @PropertyInject("notifier.idempotency.table") String table,
            @PropertyInject("notifier.idempotency.ttl-hours") long ttlHours,
            @PropertyInject("notifier.idempotency.create-table") boolean createTable,
            @PropertyInject("notifier.dynamodb.endpoint") String endpoint) {
        switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "none":
                return new SendOnce(null, counters);
            case "dynamodb":
                DynamoDbSentStore store = new DynamoDbSentStore(aws(DynamoDbClient.builder(), endpoint).build(), table,
                        Duration.ofHours(ttlHours), Clock.systemUTC());
                if (createTable) {
                    store.createTableIfMissing();
                }
                return new SendOnce(store, counters);
            default:
                throw new IllegalArgumentException("notifier.idempotency.store (NOTIFIER_IDEMPOTENCY_STORE) is '" + kind
                        + "'; use dynamodb or none");
        }
    }

    @BindToRegistry("counters")
    public NotifierCounters counters() {
        return counters;
    }

    /**
     * Open while SES refuses every send (account-wide errors) or looks down; see the README's failure-handling
     * section.
     */
    @BindToRegistry("sesCircuit")
    public SesCircuit sesCircuit() {
        // Camel may call a @BindToRegistry method more than once: register the gauge only the first time
        if (meterRegistry.find("notifier.ses.circuit.open").gauge() == null) {
            Gauge.builder("notifier.ses.circuit.open", sesCircuit, c -> c.isOpen() ? 1 : 0)
                    .description("1 while SES refuses every send or looks down, and the stream is not read")
                    .register(meterRegistry);
        }
        return sesCircuit;
    }

    @BindToRegistry("retryLog")
    public RetryLog retryLog() {
        return new RetryLog(counters);
    }

    @BindToRegistry("describeRecord")
    public Processor describeRecord() {
        return exchange -> {
            StreamHeaders.describe(exchange);
            counters.read(exchange);
        };
    }

    /** The metrics the ops server publishes at /metrics (Prometheus text format). */
    @BindToRegistry("meterRegistry")
    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    @BindToRegistry("orderModel")
    public ImageModel orderModel() {
        return new ImageModel("order");
    }

    /** The data model for the Kamelets: the item's name comes from the NotifierModelName header ("order"). */
    @BindToRegistry("imageModel")
    public ImageModel imageModel() {
        return new ImageModel("order");
    }

    @BindToRegistry("recipientCheck")
    public RecipientCheck recipientCheck(@PropertyInject("notifier.recipient-attribute") String attribute) {
        return new RecipientCheck("order", attribute);
    }

    /** The render step: templates for the customer's language, the parts and the subject. */
    @BindToRegistry("emailRender")
    public EmailRender emailRender() {
        return new EmailRender(meterRegistry);
    }

    @BindToRegistry("composeMime")
    public MimeComposer composeMime(@PropertyInject("notifier.sender") String sender,
            @PropertyInject("notifier.ses.max-message-bytes") long maxBytes) {
        try {
            new InternetAddress(sender, true).validate();
        } catch (AddressException e) {
            throw new IllegalArgumentException("notifier.sender (SENDER) is not a valid e-mail address", e);
        }
        return new MimeComposer(maxBytes);
    }
}

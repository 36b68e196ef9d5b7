package io.streamnotifier.feedback;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The beans of the SES feedback loop (docs/feedback.md), from the {@code notifier.feedback.*} properties. The loop
 * is on when {@code notifier.feedback.queue-url} names the queue of a configuration set's events: then the delivery
 * status and suppression tables are created if missing, the {@code ses-feedback} route reads the queue, the SES
 * sink writes each accepted e-mail's status and the render Kamelet skips suppressed addresses. With the URL empty
 * every step passes through and no table is touched.
 */
@Configuration
public class FeedbackConfiguration implements CamelConfiguration {

    @PropertyInject("notifier.aws.region")
    private String region;

    @PropertyInject("notifier.dynamodb.endpoint")
    private String dynamoEndpoint;

    @PropertyInject("notifier.feedback.queue-url")
    private String queueUrl;

    @PropertyInject("notifier.feedback.status-table")
    private String statusTable;

    @PropertyInject("notifier.feedback.suppression-table")
    private String suppressionTable;

    @PropertyInject("notifier.feedback.create-tables")
    private boolean createTables;

    @PropertyInject("notifier.feedback.hash.secret")
    private String hashSecret;

    @PropertyInject("notifier.feedback.rate-window-minutes")
    private long windowMinutes;

    private FeedbackStores stores;

    /** What the steps share; built once, the tables created if missing when the loop is on. */
    @BindToRegistry("feedbackStores")
    public synchronized FeedbackStores feedbackStores(@BeanInject("meterRegistry") MeterRegistry registry) {
        if (stores != null) {
            return stores;
        }
        ReputationRates rates = new ReputationRates(Duration.ofMinutes(windowMinutes), Clock.systemUTC());
        DeliveryStatusTable status = null;
        SuppressionTable suppression = null;
        if (!queueUrl.isBlank()) {
            DynamoDbClient dynamo = dynamo();
            status = new DeliveryStatusTable(dynamo, statusTable);
            suppression = new SuppressionTable(dynamo, suppressionTable);
            if (createTables) {
                status.createTableIfMissing();
                suppression.createTableIfMissing();
            }
            rates.register(registry);
        }
        stores = new FeedbackStores(status, suppression, new AddressHash(hashSecret), rates, new RecentFeedback(20),
                registry);
        return stores;
    }

    /** The {@code record-ses-event} step of the ses-feedback route. */
    @BindToRegistry("sesFeedback")
    public SesFeedback sesFeedback(@BeanInject("meterRegistry") MeterRegistry registry) {
        return new SesFeedback(feedbackStores(registry), Clock.systemUTC());
    }

    /** The end of the ses-feedback route's dead-letter channel. */
    @BindToRegistry("feedbackDeadLetters")
    public FeedbackDeadLetters feedbackDeadLetters(@BeanInject("meterRegistry") MeterRegistry registry) {
        return new FeedbackDeadLetters(feedbackStores(registry), Clock.systemUTC());
    }

    /** The {@code skip-suppressed} step of the render Kamelet. */
    @BindToRegistry("suppressionCheck")
    public SuppressionCheck suppressionCheck(@BeanInject("meterRegistry") MeterRegistry registry) {
        return new SuppressionCheck(feedbackStores(registry));
    }

    /** The {@code record-accepted} step of the SES sink. */
    @BindToRegistry("acceptedStatus")
    public AcceptedStatus acceptedStatus(@BeanInject("meterRegistry") MeterRegistry registry) {
        return new AcceptedStatus(feedbackStores(registry), Clock.systemUTC());
    }

    /** The feedback part of the status page. */
    @BindToRegistry("feedbackStatus")
    public FeedbackStatus feedbackStatus(@BeanInject("meterRegistry") MeterRegistry registry) {
        return new FeedbackStatus(feedbackStores(registry));
    }

    /** The SQS client of the notifier-ses-events-source Kamelet ({@code amazonSQSClient=#feedbackSqsClient}). */
    @BindToRegistry("feedbackSqsClient")
    public SqsClient feedbackSqsClient(@PropertyInject("notifier.sqs.endpoint") String endpoint) {
        var builder = SqsClient.builder().region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder());
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private DynamoDbClient dynamo() {
        var builder = DynamoDbClient.builder().region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder());
        if (!dynamoEndpoint.isBlank()) {
            builder.endpointOverride(URI.create(dynamoEndpoint));
        }
        return builder.build();
    }
}

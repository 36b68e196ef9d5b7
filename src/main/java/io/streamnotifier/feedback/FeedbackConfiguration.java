package io.streamnotifier.feedback;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamnotifier.config.AreaConfiguration;
import io.streamnotifier.config.AwsClients;
import io.streamnotifier.config.AwsSettings;
import io.streamnotifier.config.DeadLetterSettings;
import io.streamnotifier.config.FeedbackSettings;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
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
public class FeedbackConfiguration extends AreaConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        // they need the meter registry of another configuration class: bound lazily, built here
        build(camelContext, "feedbackStores", "sesFeedback", "feedbackDeadLetters", "suppressionCheck",
                "acceptedStatus", "feedbackStatus");
    }

    private FeedbackStores stores;

    /** What the steps share; built once, the tables created if missing when the loop is on. */
    @BindToRegistry(value = "feedbackStores", lazy = true)
    public synchronized FeedbackStores feedbackStores(@BeanInject("meterRegistry") MeterRegistry registry) {
        if (stores != null) {
            return stores;
        }
        FeedbackSettings feedback = FeedbackSettings.from(values());
        ReputationRates rates = new ReputationRates(Duration.ofMinutes(feedback.rateWindowMinutes()),
                Clock.systemUTC());
        DeliveryStatusTable status = null;
        SuppressionTable suppression = null;
        if (!feedback.queueUrl().isBlank()) {
            DynamoDbClient dynamo = new AwsClients(AwsSettings.from(values())).dynamoDb();
            status = new DeliveryStatusTable(dynamo, feedback.statusTable());
            suppression = new SuppressionTable(dynamo, feedback.suppressionTable());
            if (feedback.createTables()) {
                status.createTableIfMissing();
                suppression.createTableIfMissing();
            }
            rates.register(registry);
        }
        stores = new FeedbackStores(status, suppression, new AddressHash(feedback.hashSecret()), rates, new RecentFeedback(20),
                registry);
        return stores;
    }

    /** The {@code record-ses-event} step of the ses-feedback route. */
    @BindToRegistry(value = "sesFeedback", lazy = true)
    public SesFeedback sesFeedback(@BeanInject("meterRegistry") MeterRegistry registry) {
        return new SesFeedback(feedbackStores(registry), Clock.systemUTC());
    }

    /** The end of the ses-feedback route's dead-letter channel. */
    @BindToRegistry(value = "feedbackDeadLetters", lazy = true)
    public FeedbackDeadLetters feedbackDeadLetters(@BeanInject("meterRegistry") MeterRegistry registry) {
        return new FeedbackDeadLetters(feedbackStores(registry), Clock.systemUTC());
    }

    /** The {@code skip-suppressed} step of the render Kamelet. */
    @BindToRegistry(value = "suppressionCheck", lazy = true)
    public SuppressionCheck suppressionCheck(@BeanInject("meterRegistry") MeterRegistry registry) {
        return new SuppressionCheck(feedbackStores(registry));
    }

    /** The {@code record-accepted} step of the SES sink. */
    @BindToRegistry(value = "acceptedStatus", lazy = true)
    public AcceptedStatus acceptedStatus(@BeanInject("meterRegistry") MeterRegistry registry) {
        return new AcceptedStatus(feedbackStores(registry), Clock.systemUTC());
    }

    /** The feedback part of the status page. */
    @BindToRegistry(value = "feedbackStatus", lazy = true)
    public FeedbackStatus feedbackStatus(@BeanInject("meterRegistry") MeterRegistry registry) {
        return new FeedbackStatus(feedbackStores(registry));
    }

    /** The SQS client of the notifier-ses-events-source Kamelet ({@code amazonSQSClient=#feedbackSqsClient}). */
    @BindToRegistry("feedbackSqsClient")
    public SqsClient feedbackSqsClient() {
        return new AwsClients(AwsSettings.from(values())).sync(SqsClient.builder(),
                DeadLetterSettings.from(values()).sqsEndpoint()).build();
    }
}

package io.streamnotifier.config;

import java.time.Duration;

import io.streamnotifier.sns.SnsAttributeFilter;
import io.streamnotifier.sns.SnsMessage;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Configuration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sns.SnsClient;

/** The beans of the {@code notifier-sns-sink} Kamelet. */
@Configuration
public class SnsConfiguration extends AreaConfiguration {

    /**
     * The SNS client of the {@code notifier-sns-sink} Kamelet ({@code amazonSNSClient=#snsClient}). Like SES, it does
     * not retry by itself: the dead-letter channel's redelivery policy does.
     */
    @BindToRegistry("snsClient")
    public SnsClient snsClient() {
        SnsSettings sns = SnsSettings.from(values());
        return new AwsClients(AwsSettings.from(values())).sync(SnsClient.builder(), sns.endpoint())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(Math.min(sns.timeout().toMillis(), 5000)))
                        .socketTimeout(sns.timeout()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .apiCallTimeout(sns.timeout())
                        .build())
                .build();
    }

    /** The Kamelet's message: the image as plain JSON, event type and table as attributes. */
    @BindToRegistry("snsMessage")
    public SnsMessage snsMessage() {
        return new SnsMessage();
    }

    /** Only the attributes of {@link SnsMessage} become SNS message attributes; no other header leaves. */
    @BindToRegistry("snsAttributes")
    public SnsAttributeFilter snsAttributes() {
        return new SnsAttributeFilter();
    }
}

package io.streamnotifier.config;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.mail.MimeComposer;
import io.streamnotifier.ses.SendRateLimiter;
import io.streamnotifier.ses.SesCircuit;
import io.streamnotifier.ses.SesSender;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ses.SesClient;

/** The e-mail's way out: the MIME message, the SES client and the {@code sesSender} step. */
@Configuration
public class SesConfiguration extends AreaConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        build(camelContext, "sesSender");
    }

    /**
     * The SES client does not retry by itself: the dead-letter channel's redelivery policy is the one place that
     * decides how often and how late a send is tried again, and the attempts it counts are the real ones.
     */
    @BindToRegistry("sesClient")
    public SesClient sesClient() {
        SesSettings ses = SesSettings.from(values());
        long timeoutMs = ses.timeout().toMillis();
        RetryStrategy noRetries = DefaultRetryStrategy.doNotRetry();
        return new AwsClients(AwsSettings.from(values())).sync(SesClient.builder(), ses.endpoint())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(Math.min(timeoutMs, 5000)))
                        .socketTimeout(Duration.ofMillis(timeoutMs)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(noRetries)
                        .apiCallTimeout(Duration.ofMillis(timeoutMs))
                        .build())
                .build();
    }

    /**
     * The SES send step, with the failure handling of {@link SesSender}; its send-rate limit is shared by every
     * route that sends through it.
     */
    @BindToRegistry(value = "sesSender", lazy = true)
    public SesSender sesSender(@BeanInject("sesCircuit") SesCircuit sesCircuit,
            @BeanInject("meterRegistry") PrometheusMeterRegistry meterRegistry) throws AddressException {
        SesSettings ses = SesSettings.from(values());
        DeliverySettings delivery = DeliverySettings.from(values());
        String sender = MailSettings.from(values()).sender();
        return withContext(new SesSender(ses.endpointUri(), new InternetAddress(sender).getAddress(),
                new SendRateLimiter(ses.maxSendRate()), sesCircuit, ses.throttleMaxDelay(), ses.probeInterval(),
                delivery.maxRecordAge(), ses.maxHoldAge(), ses.outageAfterRecords(), delivery.maxRedeliveries(),
                Clock.systemUTC(), meterRegistry));
    }

    /** The compose-mime step; the sender's syntax is checked at start (SES itself says whether it is verified). */
    @BindToRegistry("composeMime")
    public MimeComposer composeMime() {
        String sender = MailSettings.from(values()).sender();
        try {
            new InternetAddress(sender, true).validate();
        } catch (AddressException e) {
            throw new IllegalArgumentException(MailSettings.SENDER.name() + " is not a valid e-mail address", e);
        }
        return new MimeComposer(SesSettings.from(values()).maxMessageBytes());
    }
}

package io.streamnotifier.config;

import java.time.Clock;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.mail.MimeComposer;
import io.streamnotifier.ses.SendRateLimiter;
import io.streamnotifier.ses.SesClients;
import io.streamnotifier.ses.SesCircuit;
import io.streamnotifier.ses.SesSender;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The e-mail's way out: the MIME message, the SES client and the {@code sesSender} step. */
@Configuration
public class SesConfiguration extends AreaConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        build(camelContext, "sesSender");
    }

    /** The SES API v2 client of the {@code ses-v2} endpoint and the check command (no retries of its own). */
    @BindToRegistry("sesClient")
    public SesV2Client sesClient() {
        SesSettings ses = SesSettings.from(values());
        return SesClients.v2(AwsSettings.from(values()).region(), ses.endpoint(), ses.timeout().toMillis());
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

package io.streamnotifier;

import java.time.Clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.config.AreaConfiguration;
import io.streamnotifier.config.DeliverySettings;
import io.streamnotifier.config.MailSettings;
import io.streamnotifier.mail.RecipientCheck;
import io.streamnotifier.ses.SesCircuit;
import io.streamnotifier.stream.ImageModel;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Configuration;
import org.apache.camel.Processor;

/**
 * The beans every area shares (the metrics, the counters, the SES circuit) and the routes' small steps. The other
 * beans come from one configuration class per area in {@code io.streamnotifier.config} (stream, stores, templates,
 * SES, SNS, operations), each reading its typed settings; the settings themselves, with their variables, defaults
 * and descriptions, are defined there too (see docs/configuration.md).
 */
@Configuration
public class NotifierConfiguration extends AreaConfiguration {

    private final PrometheusMeterRegistry meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private final NotifierCounters counters = new NotifierCounters(meterRegistry);

    {
        new JvmMemoryMetrics().bindTo(meterRegistry);
        new JvmThreadMetrics().bindTo(meterRegistry);
        new ProcessorMetrics().bindTo(meterRegistry);
        new UptimeMetrics().bindTo(meterRegistry);
    }

    private final SesCircuit sesCircuit = new SesCircuit();

    /** The metrics the ops server publishes at /metrics (Prometheus text format). */
    @BindToRegistry("meterRegistry")
    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    @BindToRegistry("counters")
    public NotifierCounters counters() {
        return counters;
    }

    /**
     * Open while SES refuses every send (account-wide errors) or looks down; see docs/delivery.md, "Failures".
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

    /** The {@code check-age} step: records older than notifier.max-record-age-seconds are dead-lettered. */
    @BindToRegistry("recordAge")
    public RecordAgeCheck recordAge() {
        return new RecordAgeCheck(DeliverySettings.from(values()).maxRecordAge(), Clock.systemUTC());
    }

    /** The data model's bean as route files written before the Kamelets name it ({@code ref: orderModel}). */
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
    public RecipientCheck recipientCheck() {
        return new RecipientCheck("order", MailSettings.from(values()).recipientAttribute());
    }
}

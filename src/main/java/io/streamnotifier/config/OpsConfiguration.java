package io.streamnotifier.config;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.NotifierCounters;
import io.streamnotifier.deadletter.RecentDeadLetters;
import io.streamnotifier.ops.LeasePositions;
import io.streamnotifier.ops.OpsPages;
import io.streamnotifier.ops.OpsServer;
import io.streamnotifier.ops.ReadinessChecks;
import io.streamnotifier.ops.StatusPage;
import io.streamnotifier.ses.SesCircuit;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;

/**
 * Operations: the readiness checks join Camel's health-check registry, and the ops server (health, metrics and the
 * status page over HTTP) starts and stops with Camel.
 */
@Configuration
public class OpsConfiguration extends AreaConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        OpsSettings ops = OpsSettings.from(values());
        Duration failoverTime = StreamSettings.from(values()).failoverTime();
        Registry registry = camelContext.getRegistry();
        SesCircuit sesCircuit = registry.lookupByNameAndType("sesCircuit", SesCircuit.class);
        // the health-check registry is set up by Camel Main after the configuration classes: register on start
        camelContext.addStartupListener((context, alreadyStarted) -> {
            HealthCheckRegistry health = HealthCheckRegistry.get(context);
            if (health == null) {
                return;
            }
            ReadinessChecks.Streams streams = new ReadinessChecks.Streams(failoverTime);
            streams.setCamelContext(context);
            ReadinessChecks.Ses ses = new ReadinessChecks.Ses(sesCircuit);
            ses.setCamelContext(context);
            health.register(streams);
            health.register(ses);
        });
        if (!ops.enabled()) {
            return;
        }
        PrometheusMeterRegistry meterRegistry = registry.lookupByNameAndType("meterRegistry",
                PrometheusMeterRegistry.class);
        OpsPages pages = new OpsPages(camelContext, meterRegistry);
        if (ops.statusPageEnabled()) {
            AwsClients aws = new AwsClients(AwsSettings.from(values()));
            // the page reads the stream positions from the lease tables, at most once every 2 s
            pages.setStatusPage(new StatusPage(camelContext, registry.lookupByNameAndType("counters",
                    NotifierCounters.class), sesCircuit, registry.lookupByNameAndType("recentDeadLetters",
                    RecentDeadLetters.class), meterRegistry, new LeasePositions(aws::dynamoDb, Duration.ofSeconds(2),
                    Clock.systemUTC())));
        }
        OpsServer server = new OpsServer(pages, ops.host(), ops.port());
        registry.bind("opsServer", server);
        camelContext.addService(server, true, true);
    }
}

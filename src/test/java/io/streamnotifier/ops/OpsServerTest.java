package io.streamnotifier.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.junit.jupiter.api.Test;

/**
 * The ops server: its health answers never show an e-mail address, whatever a health check says, on Camel's paths
 * and the earlier ones; metrics are the service's registry; it is read-only.
 */
class OpsServerTest {

    private static final String ADDRESS = "jane.doe+orders@example.com";

    /** A check that quotes an address, as one quoting a remote error could. */
    private static final class Quoting extends AbstractHealthCheck {
        private final boolean liveness;

        Quoting(String id, boolean liveness) {
            super("test", id);
            this.liveness = liveness;
        }

        @Override
        public boolean isLiveness() {
            return liveness;
        }

        @Override
        public boolean isReadiness() {
            return !liveness;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.message("the last send to " + ADDRESS + " failed: <" + ADDRESS + ">\r\nBcc: x")
                    .detail("lastRecipient", ADDRESS)
                    .down();
        }
    }

    @Test
    void health_answers_mask_addresses_in_messages_and_details() throws Exception {
        CamelContext context = new DefaultCamelContext();
        HealthCheckRegistry registry = new DefaultHealthCheckRegistry(context);
        context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        registry.register(new Quoting("quoting-ready", false));
        registry.register(new Quoting("quoting-live", true));
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.counter("notifier.emails.sent", "route", "r").increment();
        context.start();
        OpsServer ops = new OpsServer(new OpsPages(context, meters), "127.0.0.1", 0);
        ops.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : new String[] {"/health/ready", "/health/live", "/observe/health",
                    "/observe/health/ready", "/observe/health/live"}) {
                HttpResponse<String> answer = get(http, ops, path);
                String body = answer.body();
                assertEquals(503, answer.statusCode(), path + ": " + body);
                assertTrue(body.contains("quoting-"), "the check is listed: " + body);
                assertTrue(body.contains("j***@example.com"), "masked in message and details: " + body);
                assertFalse(body.contains("jane.doe"), path + " shows the address: " + body);
                assertFalse(body.contains("\\r\\nBcc"), "on one line: " + body);
            }
            for (String path : new String[] {"/metrics", "/observe/metrics"}) {
                HttpResponse<String> metrics = get(http, ops, path);
                assertEquals(200, metrics.statusCode(), path);
                assertTrue(metrics.body().contains("notifier_emails_sent_total{route=\"r\"} 1.0"), metrics.body());
            }
            assertEquals(404, get(http, ops, "/status").statusCode(), "no status page when it is off");
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port()
                    + "/health/ready")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "read-only");
            assertEquals(404, get(http, ops, "/health/ready/more").statusCode(), "only the path itself");
        } finally {
            ops.stop();
            context.stop();
        }
    }

    private static HttpResponse<String> get(HttpClient http, OpsServer ops, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import io.streamnotifier.ops.OpsServer;
import org.junit.jupiter.api.Test;

/**
 * The ops server: liveness, readiness (stream readers and the SES circuit) and the Prometheus metrics, on the
 * earlier paths and on Camel's ({@code /observe/...}).
 */
class OpsIT extends ServiceITSupport {

    private static final FaultProxy PROXY = FaultProxy.shared();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    protected Properties extraProperties() {
        PROXY.plan(recipient -> Fault.PASS);
        Properties properties = new Properties();
        properties.put("notifier.ses.endpoint", PROXY.endpoint().toString());
        properties.put("notifier.ses.probe-interval-ms", "300");
        return properties;
    }

    private HttpResponse<String> get(String path) throws Exception {
        int port = context.getRegistry().lookupByNameAndType("opsServer", OpsServer.class).port();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ready_when_reading_not_ready_while_ses_refuses_and_metrics_count_the_sends() throws Exception {
        assertEquals(200, get("/health/live").statusCode());
        // ready once the reader holds the shard; on a loaded machine the reader may first count as a standby (ready,
        // no shard: it waited two failover times for one), so wait for the shard to be listed in the ready answer
        await().atMost(WAIT).until(() -> {
            HttpResponse<String> answer = get("/health/ready");
            return answer.statusCode() == 200 && answer.body().contains("shardId-");
        });
        String ready = get("/health/ready").body();
        assertTrue(ready.contains("shardId-"), "the held shard is listed: " + ready);
        assertTrue(ready.contains(ROUTE + ".shards"), "listed under the notification's route: " + ready);

        String recipient = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-O1", recipient, "Harvest"));
        awaitOneMailTo(recipient);
        String table = orders().name();
        await().atMost(WAIT).until(() -> get("/metrics").body().contains(
                "notifier_emails_sent_total{route=\"order-confirmation\",table=\"" + table + "\"} 1.0"));
        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("notifier_records_read_total{route=\"order-confirmation\",table=\"" + table
                + "\"} 1.0"), metrics);
        assertTrue(metrics.contains("notifier_ses_send_seconds_count{outcome=\"accepted\",route=\"order-confirmation\","
                + "table=\"" + table + "\"} 1"), metrics);
        assertTrue(metrics.contains("notifier_stream_millis_behind_latest{shard=\"shardId-"), metrics);
        assertTrue(metrics.contains("notifier_ses_circuit_open 0.0"), metrics);
        // the same answers on the paths of Camel's management server
        assertEquals(200, get("/observe/health/ready").statusCode());
        assertTrue(get("/observe/metrics").body().contains("notifier_emails_sent_total{route=\"order-confirmation\","
                + "table=\"" + table + "\"} 1.0"));

        PROXY.plan(r -> Fault.ACCOUNT_PAUSED);
        orders().put(OrdersTable.order("ORD-O2", uniqueRecipient(), "Harvest"));
        await().atMost(WAIT).until(() -> get("/health/ready").statusCode() == 503);
        HttpResponse<String> notReady = get("/health/ready");
        assertTrue(notReady.body().contains("SendingPausedException"), notReady.body());
        assertEquals(200, get("/health/live").statusCode(), "paused SES is not a reason to restart the service");
        assertEquals(503, get("/observe/health/ready").statusCode());
        assertEquals(200, get("/observe/health/live").statusCode());
        assertTrue(get("/metrics").body().contains("notifier_ses_circuit_open 1.0"));

        PROXY.plan(r -> Fault.PASS);
        await().atMost(WAIT).until(() -> get("/health/ready").statusCode() == 200);
    }
}

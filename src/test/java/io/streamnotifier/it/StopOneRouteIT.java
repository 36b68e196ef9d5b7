package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

/**
 * An operator stops one notification route (JMX, the route controller) while orders keep coming. Its Kamelet's
 * reader route keeps running: the records it reads meanwhile must wait for the route, not be handed to a
 * {@code kamelet:sink} without a consumer and dead-lettered when that times out. Started again, the route sends them.
 */
class StopOneRouteIT extends ServiceITSupport {

    /** How long kamelet:sink waits for a stopped route before it fails the exchange (30 s by default). */
    private static final long SINK_TIMEOUT_MS = 3000;

    @Override
    protected Properties extraProperties() {
        Properties properties = new Properties();
        properties.put("camel.component.kamelet.timeout", Long.toString(SINK_TIMEOUT_MS));
        return properties;
    }

    @Test
    void records_read_while_the_route_is_stopped_wait_for_it_and_are_sent_once_it_is_started() throws Exception {
        String first = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-STOP-1", first, "Harvest"));
        awaitOneMailTo(first);

        context.getRouteController().stopRoute(ROUTE);
        assertEquals(ServiceStatus.Stopped, context.getRouteController().getRouteStatus(ROUTE));
        String second = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-STOP-2", second, "Harvest"));

        // well past the sink's timeout and the retries after it: nothing sent, nothing dead-lettered
        await().during(Duration.ofMillis(6 * SINK_TIMEOUT_MS)).atMost(Duration.ofMillis(9 * SINK_TIMEOUT_MS))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> deadLetters().isEmpty() && mailsTo(second).isEmpty());

        context.getRouteController().startRoute(ROUTE);
        awaitOneMailTo(second);
        assertTrue(deadLetters().isEmpty(), "no dead letter: " + deadLetters());
        assertEquals(0, counters().count(ROUTE, "dead-lettered"));
    }
}

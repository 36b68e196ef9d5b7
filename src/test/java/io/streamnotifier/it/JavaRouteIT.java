package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * A route written in Java (io.streamnotifier.examples.OrderDeliveredRoute), loaded from the classpath by
 * camel.main.java-routes-include-pattern next to the YAML routes of routes/, composing the same Kamelets.
 */
class JavaRouteIT extends ServiceITSupport {

    private static final String DELIVERED = "Pinehead Records: How does it sound?";

    @Override
    protected Properties extraProperties() {
        Properties properties = new Properties();
        properties.put("camel.main.java-routes-include-pattern", "io/streamnotifier/examples/*");
        // a RouteBuilder outside the service's packages, named by its class
        properties.put("camel.main.routes-builder-classes", "com.example.routes.OutsidePackageRoute");
        return properties;
    }

    @Test
    void the_java_route_runs_next_to_the_yaml_ones_and_emails_a_delivered_order_once() throws Exception {
        assertNotNull(context.getRoute("order-delivered"), "the Java route is loaded");
        assertNotNull(context.getRoute(ROUTE), "the YAML route is loaded too");
        assertNotNull(context.getRoute("outside-package"), "a RouteBuilder of another package is loaded");
        String recipient = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-J1", recipient, "For the Roses"));
        orders().setStatus("ORD-J1", "SHIPPED");
        orders().setStatus("ORD-J1", "DELIVERED");

        await().atMost(WAIT).until(() -> counters().count("order-delivered", "sent") == 1
                && counters().count("order-delivered", "skipped.MODIFY") == 1);
        awaitCount("sent", 1);
        List<SesMail> delivered = mailsTo(recipient).stream().filter(m -> m.subject().equals(DELIVERED)).toList();
        assertEquals(1, delivered.size(), "subjects: " + mailsTo(recipient).stream().map(SesMail::subject).toList());
        assertTrue(delivered.get(0).text().contains("Your copy of For the Roses (LP) has been delivered."),
                delivered.get(0).text());
        assertTrue(delivered.get(0).html().contains("<b>For the Roses</b>"), delivered.get(0).html());
        assertEquals(List.of(), deadLetters());
    }
}

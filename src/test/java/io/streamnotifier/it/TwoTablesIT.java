package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.deadletter.DeadLetter;
import org.junit.jupiter.api.Test;

/**
 * Two tables in one service: the shipped order-confirmation route on the orders table and the example
 * preorder-confirmation route (examples/routes/) on a second table. Each is e-mailed, each keeps its own stream
 * position (its own lease table), its own metrics labels and its own dead letters.
 */
class TwoTablesIT extends ServiceITSupport {

    private OrdersTable preorders;

    @Override
    protected Properties extraProperties() {
        preorders = OrdersTable.create(orders().name() + "-pre");
        Properties properties = new Properties();
        properties.put("camel.main.routes-include-pattern",
                "file:routes/*.camel.yaml,file:examples/routes/preorder-confirmation.camel.yaml");
        properties.put("notifier.preorders.table", preorders.name());
        return properties;
    }

    private String preorderLeases() {
        return "stream-notifier-" + preorders.name() + "-preorder-confirmation";
    }

    @Test
    void each_table_is_emailed_by_its_route_with_its_own_position_metrics_and_dead_letters() throws Exception {
        String buyer = uniqueRecipient();
        String preBuyer = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-T1", buyer, "Harvest"));
        preorders.put(OrdersTable.order("PRE-T1", preBuyer, "Harvest Moon"));
        preorders.put(OrdersTable.order("PRE-T2", "not-an-address", "Harvest Moon"));

        SesMail order = awaitOneMailTo(buyer);
        SesMail preorder = awaitOneMailTo(preBuyer);
        assertEquals("Pinehead Records: Order Confirmation", order.subject());
        assertEquals("Pinehead Records: Pre-order Confirmation", preorder.subject());
        assertTrue(preorder.text().contains("Order ID:   PRE-T1\n"), preorder.text());
        awaitCount("sent", 1);
        await().atMost(WAIT).until(() -> counters().count("preorder-confirmation", "sent") == 1
                && counters().count("preorder-confirmation", "dead-lettered") == 1);
        assertEquals(0, counters().count(ROUTE, "dead-lettered"));

        // dead letters: filed under the route and table they came from
        await().atMost(WAIT).until(() -> deadLetters().size() == 1);
        DeadLetter deadLetter = deadLetters().get(0);
        assertEquals("preorder-confirmation", deadLetter.routeId());
        assertEquals(preorders.name(), deadLetter.table());
        assertEquals("PRE-T2", deadLetter.record().at("/dynamodb/NewImage/id/S").asText());

        // positions: each route's own lease table, each saved at the last record of its own stream
        String orderLeases = orders().name() + "-leases";
        String lastOrder = orders().lastSequenceNumber();
        String lastPreorder = preorders.lastSequenceNumber();
        await().atMost(WAIT).until(() -> lastOrder.equals(orders().checkpoint(orderLeases))
                && lastPreorder.equals(preorders.checkpoint(preorderLeases())));
        assertNotEquals(orderLeases, preorderLeases());
        assertEquals("it-worker", preorders.leaseOwner(preorderLeases()));
        assertEquals("it-worker", orders().leaseOwner(orderLeases));

        // metrics: labelled by route and table
        String metrics = context.getRegistry().lookupByNameAndType("meterRegistry", PrometheusMeterRegistry.class)
                .scrape();
        assertTrue(metrics.contains("notifier_emails_sent_total{route=\"order-confirmation\",table=\""
                + orders().name() + "\"} 1.0"), metrics);
        assertTrue(metrics.contains("notifier_emails_sent_total{route=\"preorder-confirmation\",table=\""
                + preorders.name() + "\"} 1.0"), metrics);
        assertTrue(metrics.contains("notifier_records_dead_lettered_total{route=\"preorder-confirmation\",table=\""
                + preorders.name() + "\"} 1.0"), metrics);
        assertEquals(List.of(), mailsTo("not-an-address"));
    }
}

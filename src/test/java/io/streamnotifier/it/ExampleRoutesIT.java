package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import io.streamnotifier.deadletter.DeadLetter;
import org.junit.jupiter.api.Test;

/**
 * The example routes of examples/routes/ (shipping notification on MODIFY, cancellation on REMOVE), loaded next to
 * the shipped order-confirmation route as a user would after copying them into routes/, against DynamoDB Local
 * (NEW_AND_OLD_IMAGES) and the SES emulator. Each route reads the stream with its own position (its own KCL
 * application and lease table, stream-notifier-TABLE-ROUTE by default).
 */
class ExampleRoutesIT extends ServiceITSupport {

    private static final String SHIPPED = "Pinehead Records: Your order is on its way";
    private static final String CANCELLED = "Pinehead Records: Your order has been cancelled";

    @Override
    protected Properties extraProperties() {
        // the leases a first start creates after the KCL's random wait, created now so the test starts at once
        Properties properties = new Properties();
        properties.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,"
                + "file:examples/routes/order-shipped.camel.yaml,file:examples/routes/order-cancelled.camel.yaml");
        return properties;
    }

    private String leaseTable(String route) {
        return "stream-notifier-" + orders().name() + "-" + route;
    }

    @Test
    void an_order_updated_to_shipped_gets_one_shipping_email_and_other_updates_none() throws Exception {
        String shipped = uniqueRecipient();
        String packed = uniqueRecipient();
        String hostile = "<b>Tonight's</b> the \"Night\" & more";
        orders().put(OrdersTable.order("ORD-S1", shipped, hostile));
        orders().put(OrdersTable.order("ORD-S2", packed, "Harvest"));
        orders().setStatus("ORD-S1", "PACKED");
        orders().setStatus("ORD-S2", "PACKED");
        orders().setStatus("ORD-S1", "SHIPPED");
        // a later change of a shipped order (status SHIPPED before and after) is not a new shipment
        orders().put(withStatus(OrdersTable.order("ORD-S1", shipped, hostile), "SHIPPED", "DHL", "JD0146"));

        // 4 MODIFY records: PACKED, PACKED, SHIPPED, and the rewrite; one is e-mailed, the others skipped
        await().atMost(WAIT).until(() -> counters().count("order-shipped", "sent") == 1
                && counters().count("order-shipped", "skipped.MODIFY") == 3);
        // the confirmations of the two INSERTs went out meanwhile: everything before is done
        awaitCount("sent", 2);
        assertEquals(2, counters().count("order-shipped", "skipped.INSERT"), "INSERTs are not this route's");

        List<SesMail> toShipped = mailsTo(shipped).stream().filter(m -> m.subject().equals(SHIPPED)).toList();
        assertEquals(1, toShipped.size(), "exactly one shipping e-mail");
        SesMail mail = toShipped.get(0);
        assertTrue(mail.text().contains("Order ID:   ORD-S1\n"), mail.text());
        assertTrue(mail.text().contains("Album:      " + hostile + " (LP)\n"), mail.text());
        assertFalse(mail.html().contains("<b>Tonight"), mail.html());
        assertTrue(mail.html().contains("&lt;b&gt;Tonight&#39;s&lt;/b&gt; the &quot;Night&quot; &amp; more (LP)"),
                mail.html());
        assertEquals(List.of(), mailsTo(packed).stream().filter(m -> m.subject().equals(SHIPPED)).toList(),
                "a status other than SHIPPED gives no shipping e-mail");
        assertEquals(List.of(), deadLetters());
    }

    @Test
    void a_removed_order_gets_one_cancellation_email_from_its_old_image() throws Exception {
        String recipient = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-C1", recipient, "Blue"));
        orders().delete("ORD-C1");
        // a deleted order without an address cannot be told: dead-lettered with the original REMOVE record
        orders().put(OrdersTable.order("ORD-C2", null, "Court and Spark"));
        orders().delete("ORD-C2");

        await().atMost(WAIT).until(() -> counters().count("order-cancelled", "sent") == 1
                && counters().count("order-cancelled", "dead-lettered") == 1);
        List<SesMail> cancelled = mailsTo(recipient).stream().filter(m -> m.subject().equals(CANCELLED)).toList();
        assertEquals(1, cancelled.size(), "exactly one cancellation e-mail");
        SesMail mail = cancelled.get(0);
        assertTrue(mail.text().contains("Order ID:   ORD-C1\n"), mail.text());
        assertTrue(mail.text().contains("Album:      Blue (1972)\n"), mail.text());
        assertTrue(mail.text().contains("Refund:     $24.99\n"), mail.text());
        assertTrue(mail.html().contains("<td>ORD-C1</td>"), mail.html());
        assertEquals(2, counters().count("order-cancelled", "skipped.INSERT"), "INSERTs are not this route's");

        await().atMost(WAIT).until(() -> deadLetters().stream().anyMatch(d -> d.routeId().equals("order-cancelled")));
        DeadLetter deadLetter = deadLetters().stream().filter(d -> d.routeId().equals("order-cancelled"))
                .findFirst().orElseThrow();
        assertEquals("REMOVE", deadLetter.record().path("eventName").asText());
        assertEquals("ORD-C2", deadLetter.record().at("/dynamodb/OldImage/id/S").asText());
        assertEquals(1, deadLetter.attempts());
        assertTrue(deadLetter.errorMessage().contains("no e-mail address"), deadLetter.errorMessage());
    }

    private static java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> withStatus(
            java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> order, String status,
            String carrier, String trackingNumber) {
        var item = new java.util.LinkedHashMap<>(order);
        item.put("status", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(status));
        item.put("carrier", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(carrier));
        item.put("trackingNumber", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(trackingNumber));
        return item;
    }
}

package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import io.streamnotifier.stream.StreamReaders;
import org.junit.jupiter.api.Test;

/**
 * The example examples/routes/order-lifecycle.camel.yaml in place of routes/order-confirmation.camel.yaml: one reader
 * of the stream sends the confirmation, the shipping notification and the cancellation.
 */
class OrderLifecycleIT extends ServiceITSupport {

    private static final String LIFECYCLE = "order-lifecycle";

    @Override
    protected Properties extraProperties() {
        Properties properties = new Properties();
        properties.put("camel.main.routes-include-pattern",
                "file:routes/error-handling.camel.yaml,file:examples/routes/order-lifecycle.camel.yaml");
        return properties;
    }

    @Test
    void one_route_reading_the_stream_once_sends_confirmation_shipping_and_cancellation() throws Exception {
        assertEquals(List.of(LIFECYCLE), StreamReaders.routesByTable(context).get(orders().name()),
                "one reader of the table's stream");
        String recipient = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-L1", recipient, "Pink Moon"));
        orders().setStatus("ORD-L1", "PACKED");
        orders().setStatus("ORD-L1", "SHIPPED");
        orders().delete("ORD-L1");

        await().atMost(WAIT).until(() -> counters().count(LIFECYCLE, "sent") == 3
                && counters().count(LIFECYCLE, "skipped.MODIFY") == 1);
        List<String> subjects = mailsTo(recipient).stream().map(SesMail::subject).sorted().toList();
        assertEquals(List.of("Pinehead Records: Order Confirmation", "Pinehead Records: Your order has been cancelled",
                "Pinehead Records: Your order is on its way"), subjects);
        assertTrue(mailsTo(recipient).stream().allMatch(m -> m.text().contains("ORD-L1")));
        assertEquals(List.of(), deadLetters());
    }
}

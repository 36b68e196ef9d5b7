package io.streamnotifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.streamnotifier.feedback.FeedbackStatus;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.Test;

/**
 * Without {@code notifier.feedback.queue-url} (the default) the service runs as before the feedback loop: no
 * {@code ses-feedback} route, no status or suppression table, the e-mail sent.
 */
class FeedbackOffIT extends ServiceITSupport {

    @Test
    void without_a_queue_url_there_is_no_feedback_route_and_no_table_and_orders_are_e_mailed() {
        assertNull(context.getRoute("ses-feedback"), "the route is left out");
        String address = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-OFF", address, "Harvest"));
        awaitOneMailTo(address);
        assertEquals(1, counters().count(ROUTE, "sent"));
        try (var dynamo = OrdersTable.client(LocalServers.dynamoDbEndpoint())) {
            var tables = dynamo.listTablesPaginator().tableNames().stream().toList();
            assertFalse(tables.contains("stream-notifier-delivery-status"), tables.toString());
            assertFalse(tables.contains("stream-notifier-suppressed"), tables.toString());
        }
        var feedback = context.getRegistry().lookupByNameAndType("feedbackStatus", FeedbackStatus.class).snapshot();
        assertFalse(feedback.path("enabled").asBoolean(), feedback.toString());
    }
}

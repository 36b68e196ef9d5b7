package io.streamnotifier.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OrderDeliveredRouteTest {

    @Test
    void only_a_change_to_the_status_counts() {
        assertTrue(OrderDeliveredRoute.statusChangedTo(
                Map.of("order", Map.of("status", "DELIVERED"), "previous", Map.of("status", "SHIPPED")), "DELIVERED"));
        assertTrue(OrderDeliveredRoute.statusChangedTo(
                Map.of("order", Map.of("status", "DELIVERED"), "previous", Map.of()), "DELIVERED"));
        assertFalse(OrderDeliveredRoute.statusChangedTo(Map.of("order", Map.of("status", "DELIVERED"),
                "previous", Map.of("status", "DELIVERED")), "DELIVERED"));
        assertFalse(OrderDeliveredRoute.statusChangedTo(
                Map.of("order", Map.of("status", "SHIPPED"), "previous", Map.of("status", "PACKED")), "DELIVERED"));
        assertFalse(OrderDeliveredRoute.statusChangedTo(Map.of("order", Map.of()), "DELIVERED"));
        assertFalse(OrderDeliveredRoute.statusChangedTo(null, "DELIVERED"));
    }
}

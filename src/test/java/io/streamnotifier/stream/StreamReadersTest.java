package io.streamnotifier.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StreamReadersTest {

    @Test
    void a_table_read_by_more_than_two_routes_is_crowded() {
        Map<String, List<String>> byTable = Map.of(
                "Orders", List.of("order-confirmation", "order-shipped", "order-cancelled"),
                "Preorders", List.of("preorder-confirmation", "preorder-shipped"),
                "Returns", List.of("return-received"));
        assertEquals(Map.of("Orders", List.of("order-confirmation", "order-shipped", "order-cancelled")),
                StreamReaders.crowded(byTable));
    }
}

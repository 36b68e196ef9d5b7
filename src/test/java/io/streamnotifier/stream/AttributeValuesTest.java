package io.streamnotifier.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.streamnotifier.InvalidRecordException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AttributeValuesTest {

    @Test
    void a_recorded_item_with_every_attribute_type_maps_into_the_model_exactly() throws Exception {
        Map<String, Object> item = AttributeValues.toPlainMap(
                Fixtures.record("insert-every-attribute-type").dynamodb().newImage());

        assertEquals(12, item.size());
        assertEquals("ORD-1002", item.get("id"));
        assertEquals("sam.lee@example.com", item.get("email"));
        // N: the exact digits, more than a double holds
        assertEquals(new BigDecimal("12345678901234567890.123456789"), item.get("amount"));
        assertEquals(new BigDecimal("-3"), item.get("quantity"));
        assertEquals(Boolean.TRUE, item.get("giftWrap"));
        assertTrue(item.containsKey("coupon"));
        assertNull(item.get("coupon"));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, (byte[]) item.get("signature"));
        assertEquals(List.of("used", "vinyl"), new ArrayList<>((Set<?>) item.get("tags")));
        assertEquals(List.of(new BigDecimal("0.5"), new BigDecimal("100"), new BigDecimal("215")),
                new ArrayList<>((Set<?>) item.get("trackLengths")));
        List<String> checksums = ((Set<?>) item.get("checksums")).stream()
                .map(b -> Arrays.toString((byte[]) b)).toList();
        assertEquals(List.of("[1]", "[2, 3]"), checksums);

        Map<?, ?> album = assertInstanceOf(Map.class, item.get("album"));
        assertEquals(Map.of("title", "Blue", "year", new BigDecimal("1971"), "format", "CD"), album);

        List<?> history = assertInstanceOf(List.class, item.get("history"));
        assertEquals(4, history.size());
        assertEquals("placed", history.get(0));
        assertEquals(new BigDecimal("1.10"), history.get(1), "the scale of a number is kept");
        assertEquals(Map.of("paid", false), history.get(2));
        assertEquals(Arrays.asList((Object) null), history.get(3));
    }

    @Test
    void the_seed_fields_of_an_order_are_plain_values() throws Exception {
        Map<String, Object> order = AttributeValues.toPlainMap(Fixtures.record("insert").dynamodb().newImage());
        assertEquals("ORD-1001", order.get("id"));
        assertEquals("jane.doe@example.com", order.get("email"));
        assertEquals(new BigDecimal("24.99"), order.get("amount"));
        assertEquals("2026-11-25T10:15:00Z", order.get("timestamp"));
        assertEquals(Map.of("title", "Harvest", "year", new BigDecimal("1972"), "format", "LP"), order.get("album"));
    }

    @Test
    void an_attribute_of_an_unknown_type_is_rejected_with_its_path() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS("ORD-1"));
        item.put("album", AttributeValue.fromM(Map.of("future", AttributeValue.builder().build())));
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> AttributeValues.toPlainMap(item));
        assertEquals("attribute 'album.future' has a type this service does not know", e.getMessage());
    }
}

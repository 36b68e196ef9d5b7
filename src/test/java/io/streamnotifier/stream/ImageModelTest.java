package io.streamnotifier.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.streamnotifier.InvalidRecordException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class ImageModelTest {

    private static final Map<String, AttributeValue> BEFORE = Map.of("id", AttributeValue.fromS("ORD-1"),
            "status", AttributeValue.fromS("PACKED"));
    private static final Map<String, AttributeValue> AFTER = Map.of("id", AttributeValue.fromS("ORD-1"),
            "status", AttributeValue.fromS("SHIPPED"));

    private static Exchange exchange(OperationType event, StreamRecord data) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(Record.builder().eventID("e-1").eventName(event).dynamodb(data).build());
        return exchange;
    }

    @Test
    void a_modify_has_the_order_after_and_before_the_change() throws Exception {
        Exchange exchange = exchange(OperationType.MODIFY, StreamRecord.builder().newImage(AFTER).oldImage(BEFORE)
                .sequenceNumber("1").streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build());
        new ImageModel("order").process(exchange);
        Map<?, ?> model = exchange.getMessage().getBody(Map.class);
        assertEquals("SHIPPED", ((Map<?, ?>) model.get("order")).get("status"));
        assertEquals("PACKED", ((Map<?, ?>) model.get("previous")).get("status"));
    }

    @Test
    void a_remove_has_the_deleted_order_from_its_old_image() throws Exception {
        Exchange exchange = exchange(OperationType.REMOVE, StreamRecord.builder().oldImage(BEFORE)
                .sequenceNumber("2").streamViewType(StreamViewType.OLD_IMAGE).build());
        new ImageModel("order").process(exchange);
        Map<?, ?> model = exchange.getMessage().getBody(Map.class);
        assertEquals("ORD-1", ((Map<?, ?>) model.get("order")).get("id"));
        assertEquals("REMOVE", ((Map<?, ?>) model.get("event")).get("name"));
    }

    @Test
    void a_route_may_name_the_item_in_the_model() throws Exception {
        Exchange exchange = exchange(OperationType.INSERT, StreamRecord.builder().newImage(AFTER)
                .sequenceNumber("3").streamViewType(StreamViewType.NEW_IMAGE).build());
        exchange.getMessage().setHeader(ImageModel.MODEL_NAME, "preorder");
        new ImageModel("order").process(exchange);
        assertTrue(exchange.getMessage().getBody(Map.class).containsKey("preorder"));
    }

    @Test
    void a_record_without_the_image_it_needs_is_rejected_with_the_view_type() {
        Exchange exchange = exchange(OperationType.REMOVE, StreamRecord.builder().keys(Map.of("id",
                AttributeValue.fromS("ORD-1"))).sequenceNumber("4").streamViewType(StreamViewType.KEYS_ONLY).build());
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> new ImageModel("order").process(exchange));
        assertTrue(e.getMessage().contains("no OldImage (stream view type KEYS_ONLY"), e.getMessage());
    }
}

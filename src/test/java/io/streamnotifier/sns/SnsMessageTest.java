package io.streamnotifier.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.InvalidRecordException;
import io.streamnotifier.Json;
import io.streamnotifier.stream.Fixtures;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** The SNS message built from recorded stream events: which image, exact numbers, the attribute headers. */
class SnsMessageTest {

    private final CamelContext context = new DefaultCamelContext();

    private Exchange exchangeFor(Record record) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(StreamHeaders.RECORD_PROPERTY, record);
        exchange.getMessage().setHeader(StreamHeaders.TABLE, "Orders");
        // the body is whatever the route made of it: the message does not depend on it
        exchange.getMessage().setBody("something else");
        return exchange;
    }

    @Test
    void insert_publishes_the_new_image_with_exact_numbers_and_every_type() throws Exception {
        Exchange exchange = exchangeFor(Fixtures.record("insert-every-attribute-type"));
        new SnsMessage().process(exchange);

        JsonNode message = Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        assertEquals("12345678901234567890.123456789", message.get("amount").decimalValue().toPlainString());
        assertEquals("1.10", message.get("history").get(1).decimalValue().toPlainString());
        assertEquals("Blue", message.get("album").get("title").asText());
        assertTrue(message.get("coupon").isNull());
        assertTrue(message.get("giftWrap").asBoolean());
        assertEquals(2, message.get("tags").size());
        assertEquals("AAEC/w==", message.get("signature").asText(), "bytes as base64");
        assertEquals("INSERT", exchange.getMessage().getHeader(SnsMessage.EVENT_TYPE));
        assertEquals("Orders", exchange.getMessage().getHeader(SnsMessage.TABLE));
        assertEquals(Fixtures.record("insert-every-attribute-type").eventID(),
                exchange.getMessage().getHeader(SnsMessage.EVENT_ID));
    }

    @Test
    void remove_publishes_the_old_image() throws Exception {
        Exchange exchange = exchangeFor(Fixtures.record("remove"));
        new SnsMessage().process(exchange);
        JsonNode message = Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        assertEquals("ORD-1001", message.get("id").asText());
        assertEquals("SHIPPED", message.get("status").asText());
        assertEquals("REMOVE", exchange.getMessage().getHeader(SnsMessage.EVENT_TYPE));
    }

    @Test
    void a_keys_only_record_is_rejected_with_the_view_type() throws Exception {
        Record record = Fixtures.record("insert");
        Record keysOnly = record.toBuilder().dynamodb(StreamRecord.builder().keys(record.dynamodb().keys())
                .sequenceNumber(record.dynamodb().sequenceNumber()).streamViewType("KEYS_ONLY").build()).build();
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> new SnsMessage().process(exchangeFor(keysOnly)));
        assertTrue(e.getMessage().contains("KEYS_ONLY"), e.getMessage());
    }

    @Test
    void only_the_three_attributes_pass_the_filter() {
        SnsAttributeFilter filter = new SnsAttributeFilter();
        for (String kept : new String[] {"eventType", "table", "eventID"}) {
            assertFalse(filter.applyFilterToCamelHeaders(kept, "x", null), kept);
        }
        for (String dropped : new String[] {StreamHeaders.EVENT_ID, StreamHeaders.TABLE, "NotifierRecipient",
                "CamelAwsSesTo", "email"}) {
            assertTrue(filter.applyFilterToCamelHeaders(dropped, "x", null), dropped);
        }
    }
}

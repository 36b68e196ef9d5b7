package io.streamnotifier.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import io.streamnotifier.ses.v2.SesV2Constants;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

class MessageTagsTest {

    private static Record record(Map<String, AttributeValue> keys) {
        return Record.builder().eventID("e1").dynamodb(StreamRecord.builder().keys(keys).build()).build();
    }

    @Test
    void every_e_mail_carries_its_route_and_its_item_s_key_then_the_route_s_own_tags() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(StreamHeaders.ROUTE_PROPERTY, "order-confirmation");
        exchange.setProperty(StreamHeaders.RECORD_PROPERTY, record(Map.of("id", AttributeValue.fromS("ORD-1001"))));
        exchange.getMessage().setHeader(MessageTags.ROUTE_TAGS, "shop=pinehead, kind = confirmation,,");

        MessageTags.apply(exchange);

        assertEquals(Map.of("notifier-route", "order-confirmation", "notifier-key", "ORD-1001", "shop", "pinehead",
                "kind", "confirmation"), exchange.getMessage().getHeader(SesV2Constants.TAGS));
    }

    @Test
    void values_are_cut_down_to_what_ses_accepts() {
        assertEquals("order_42_jane_example_com", MessageTags.sanitise("order#42/jane@example.com"));
        assertEquals("a_b-c_d", MessageTags.sanitise("a.b-c d"));
        assertEquals("_", MessageTags.sanitise(""));
        assertEquals("x".repeat(256), MessageTags.sanitise("x".repeat(300)));
        assertEquals("_", MessageTags.sanitise("é"));
        assertEquals(Map.of("a_b", "c_d", "e", "_"), MessageTags.parse("a.b=c.d,e"));
    }

    @Test
    void a_composite_key_joins_its_values_by_attribute_name() {
        assertEquals("CUST-7_2026-11-25_15", MessageTags.key(record(Map.of("sk", AttributeValue.fromS("2026-11-25_15"),
                "pk", AttributeValue.fromS("CUST-7")))));
        assertEquals("42", MessageTags.key(record(Map.of("id", AttributeValue.fromN("42")))));
        assertNull(MessageTags.key(Record.builder().eventID("e2").build()));
    }
}

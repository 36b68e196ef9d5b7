package io.streamnotifier.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

class OrderKeyTest {

    private static Record record(Map<String, AttributeValue> keys) {
        return Record.builder().eventID("ev-1").dynamodb(StreamRecord.builder().keys(keys).build()).build();
    }

    @Test
    void the_key_is_the_item_key_values_by_attribute_name() {
        assertEquals("ORD-1001", OrderKey.of(record(Map.of("id", AttributeValue.fromS("ORD-1001")))));
        assertEquals("jane_42", OrderKey.of(record(Map.of("sk", AttributeValue.fromN("42"),
                "pk", AttributeValue.fromS("jane")))));
    }

    @Test
    void characters_ses_refuses_in_a_tag_become_underscores_and_the_length_is_capped() {
        assertEquals("ORD_1001_x", OrderKey.sanitize("ORD 1001/x"));
        assertEquals("caf__", OrderKey.sanitize("café!"));
        assertEquals(256, OrderKey.sanitize("a".repeat(300)).length());
        assertEquals("ev-1", OrderKey.of(Record.builder().eventID("ev-1").build()));
    }

    @Test
    void the_address_hash_ignores_case_and_spaces_and_a_secret_changes_it() {
        AddressHash plain = new AddressHash("");
        assertEquals(plain.of("Jane.Doe@Example.com "), plain.of("jane.doe@example.com"));
        assertEquals(64, plain.of("jane.doe@example.com").length());
        assertNotEquals(plain.of("jane.doe@example.com"), new AddressHash("s3cret").of("jane.doe@example.com"));
        // SHA-256("jane.doe@example.com")
        assertEquals(sha256("jane.doe@example.com"), plain.of("jane.doe@example.com"));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

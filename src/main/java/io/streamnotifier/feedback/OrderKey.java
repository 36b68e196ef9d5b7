package io.streamnotifier.feedback;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The order's key as the delivery status and the {@code notifier-key} message tag spell it: the values of the
 * item's key attributes (the stream record's {@code Keys}, by attribute name, joined with {@code .}), each
 * character SES does not accept in a tag value ([A-Za-z0-9_.@-]) replaced by {@code _}, at most 256 characters.
 * For the tutorial's table, keyed by {@code id}, it is the order's id ({@code ORD-1001}).
 */
public final class OrderKey {

    static final int MAX_LENGTH = 256;

    private OrderKey() {
    }

    /** The key of the record's item; the record's eventID when it has no keys. */
    public static String of(Record record) {
        Map<String, AttributeValue> keys = record.dynamodb() == null ? Map.of() : record.dynamodb().keys();
        if (keys == null || keys.isEmpty()) {
            return sanitize(record.eventID());
        }
        return sanitize(new TreeMap<>(keys).values().stream().map(OrderKey::text).collect(Collectors.joining(".")));
    }

    /** A key as given on the command line, spelt as the tag and the table spell it. */
    public static String sanitize(String key) {
        if (key == null || key.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(key.length(), MAX_LENGTH));
        for (int i = 0; i < key.length() && out.length() < MAX_LENGTH; i++) {
            char c = key.charAt(i);
            boolean allowed = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
                    || c == '.' || c == '@' || c == '-';
            out.append(allowed ? c : '_');
        }
        return out.toString();
    }

    private static String text(AttributeValue value) {
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return value.n();
        }
        if (value.b() != null) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(value.b().asByteArray());
        }
        return String.valueOf(value);
    }
}

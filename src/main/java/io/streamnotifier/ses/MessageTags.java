package io.streamnotifier.ses;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.streamnotifier.ses.v2.SesV2Constants;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The message tags of an e-mail, so that SES's events (Send, Delivery, Bounce, Complaint, ...) can be tied back to
 * the order: {@value #ROUTE} (the notification's route id) and {@value #KEY} (the item's key in the table), then the
 * route's own tags ({@value #ROUTE_TAGS} header: name=value pairs, comma-separated; a name in both: the route's
 * value). SES accepts 1 to 256 of A-Z a-z 0-9 _ - in a tag's name and value: every other character becomes
 * {@code _}, longer values are cut, an empty one becomes {@code _}.
 */
public final class MessageTags {

    /** The tag with the notification's route id. */
    public static final String ROUTE = "notifier-route";
    /**
     * The tag with the item's key: the value of its key attribute, or of each key attribute (by name) joined with
     * {@code _} for a table with a sort key.
     */
    public static final String KEY = "notifier-key";
    /** Header with the route's own tags (the ses sink Kamelet's {@code tags} parameter). */
    public static final String ROUTE_TAGS = "NotifierSesTags";

    private static final int MAX = 256;

    private MessageTags() {
    }

    /** Sets {@link SesV2Constants#TAGS} on the exchange's message from the route, the record and the route's tags. */
    public static void apply(Exchange exchange) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(ROUTE, sanitise(StreamHeaders.routeId(exchange)));
        String key = key(exchange.getProperty(StreamHeaders.RECORD_PROPERTY, Record.class));
        if (key != null) {
            tags.put(KEY, sanitise(key));
        }
        tags.putAll(parse(exchange.getMessage().getHeader(ROUTE_TAGS, String.class)));
        exchange.getMessage().setHeader(SesV2Constants.TAGS, tags);
    }

    /** name=value pairs, comma-separated, each name and value sanitised; a pair without a name is left out. */
    static Map<String, String> parse(String pairs) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (pairs == null) {
            return tags;
        }
        for (String pair : pairs.split(",")) {
            int eq = pair.indexOf('=');
            String name = (eq < 0 ? pair : pair.substring(0, eq)).trim();
            if (!name.isEmpty()) {
                tags.put(sanitise(name), sanitise(eq < 0 ? "" : pair.substring(eq + 1).trim()));
            }
        }
        return tags;
    }

    /** The item's key from the stream record, or null when the record has none. */
    public static String key(Record record) {
        if (record == null || record.dynamodb() == null || !record.dynamodb().hasKeys()
                || record.dynamodb().keys().isEmpty()) {
            return null;
        }
        StringBuilder key = new StringBuilder();
        for (AttributeValue value : new TreeMap<>(record.dynamodb().keys()).values()) {
            if (!key.isEmpty()) {
                key.append('_');
            }
            key.append(value.s() != null ? value.s() : value.n() != null ? value.n()
                    : value.b() != null ? base64(value.b()) : String.valueOf(value));
        }
        return key.toString();
    }

    /** What SES accepts: every character outside A-Z a-z 0-9 _ - becomes _, at most 256, never empty. */
    public static String sanitise(String text) {
        if (text == null || text.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX));
        for (int i = 0; i < text.length() && out.length() < MAX; i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            out.append(allowed ? c : '_');
        }
        return out.toString();
    }

    private static String base64(SdkBytes bytes) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.asByteArray());
    }
}

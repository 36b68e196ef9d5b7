package io.streamnotifier.feedback;

import io.streamnotifier.ses.MessageTags;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The order's key as the delivery status spells it: the {@code notifier-key} message tag the SES sink puts on each
 * e-mail ({@link MessageTags#key}: the values of the item's key attributes, by attribute name, joined with
 * {@code _}), with each character SES does not accept in a tag value (outside [A-Za-z0-9_-]) replaced by {@code _},
 * at most 256 characters; one rule for both, so an event's tag finds its order. For the tutorial's table, keyed by
 * {@code id}, it is the order's id ({@code ORD-1001}).
 */
public final class OrderKey {

    private OrderKey() {
    }

    /** The key of the record's item; the record's eventID when it has no keys. */
    public static String of(Record record) {
        String key = MessageTags.key(record);
        return sanitize(key != null ? key : record.eventID());
    }

    /** A key as given on the command line, spelt as the tag and the table spell it. */
    public static String sanitize(String key) {
        return MessageTags.sanitise(key);
    }
}

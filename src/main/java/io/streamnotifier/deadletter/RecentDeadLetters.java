package io.streamnotifier.deadletter;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.Masking;

/**
 * The last dead letters, newest first, as the status page shows them: eventID, route, table, time, the recipient
 * masked and a log-safe reason. Never the record, never an address unmasked, never order data. Filled by the
 * {@link DeadLetterChannel} as it stores each dead letter, and at start from the file store's newest entries, so
 * the list survives a restart; a dead letter replayed later stays listed until the service restarts.
 */
public final class RecentDeadLetters {

    /** One dead letter as shown: nothing in it is personal data. */
    public record Entry(Instant failedAt, String routeId, String table, String eventId, String recipient,
            String reason) {
    }

    private final int capacity;
    private final String recipientAttribute;
    private final Deque<Entry> entries = new ArrayDeque<>();

    /**
     * @param recipientAttribute the NewImage attribute holding the address ({@code notifier.recipient-attribute}),
     *        shown masked
     */
    public RecentDeadLetters(int capacity, String recipientAttribute) {
        this.capacity = capacity;
        this.recipientAttribute = recipientAttribute;
    }

    /** Adds a dead letter just stored; {@code error} (may be null) gives a better reason than its message. */
    public void add(DeadLetter deadLetter, Throwable error) {
        String reason = error != null ? Masking.reason(error) : reason(deadLetter);
        Entry entry = new Entry(deadLetter.failedAt(), deadLetter.routeId(), deadLetter.table(),
                deadLetter.eventId(), maskedRecipient(deadLetter.record()), reason);
        synchronized (entries) {
            entries.addFirst(entry);
            while (entries.size() > capacity) {
                entries.removeLast();
            }
        }
    }

    /** Adds dead letters read back from a store, oldest first (the file's order). */
    public void addAll(List<DeadLetter> oldestFirst) {
        int from = Math.max(0, oldestFirst.size() - capacity);
        for (DeadLetter deadLetter : oldestFirst.subList(from, oldestFirst.size())) {
            add(deadLetter, null);
        }
    }

    /** Newest first, at most the capacity. */
    public List<Entry> newestFirst() {
        synchronized (entries) {
            return new ArrayList<>(entries);
        }
    }

    private String maskedRecipient(JsonNode record) {
        if (record == null) {
            return "-";
        }
        JsonNode value = record.path("dynamodb").path("NewImage").path(recipientAttribute).path("S");
        return value.isTextual() ? Masking.maskEmail(value.asText()) : "-";
    }

    /**
     * The reason of a dead letter read back from a store, as {@link Masking#reason} would give it: a template
     * error's message can quote the order's data, so only its kind is given.
     */
    static String reason(DeadLetter deadLetter) {
        String errorClass = deadLetter.errorClass();
        if (errorClass == null) {
            return "-";
        }
        String simple = errorClass.substring(errorClass.lastIndexOf('.') + 1);
        if (errorClass.startsWith("freemarker.")) {
            return simple + ": template error (the dead-letter store has the details)";
        }
        String message = Masking.maskEmailsIn(deadLetter.errorMessage());
        if (message != null && message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return simple + ": " + message;
    }
}

package io.streamnotifier.idempotency;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Remembers which stream records have been notified, keyed by the record's eventID, so that a record read again
 * (after a restart from TRIM_HORIZON, a crash before the stream position was saved, a replay) is not e-mailed
 * twice. {@link #markSent} is called right after SES accepted the message.
 */
public interface SentStore {

    boolean wasSent(String eventId);

    /** Which of these eventIDs were notified: one look-up for a whole stream batch where the store can. */
    default Set<String> sentAmong(Collection<String> eventIds) {
        return eventIds.stream().filter(this::wasSent).collect(Collectors.toSet());
    }

    void markSent(String eventId, String messageId);

    /** A short, log-safe description. */
    String describe();
}

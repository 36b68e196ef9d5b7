package io.streamnotifier.idempotency;

/**
 * Remembers which stream records have been notified, keyed by the record's eventID, so that a record read again
 * (after a restart from TRIM_HORIZON, a crash before the stream position was saved, a replay) is not e-mailed
 * twice. {@link #markSent} is called right after SES accepted the message.
 */
public interface SentStore {

    boolean wasSent(String eventId);

    void markSent(String eventId, String messageId);

    /** A short, log-safe description. */
    String describe();
}

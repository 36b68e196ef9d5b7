package io.streamnotifier;

/**
 * A record older than {@code notifier.max-record-age-seconds} (as Lambda's MaximumRecordAgeInSeconds): dead-lettered
 * without being sent, so that a backlog of stale orders does not mail customers hours late.
 */
public class RecordExpiredException extends Exception {

    public RecordExpiredException(String message) {
        super(message);
    }
}

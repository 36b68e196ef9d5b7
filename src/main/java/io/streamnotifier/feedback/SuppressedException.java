package io.streamnotifier.feedback;

import io.streamnotifier.InvalidRecordException;

/**
 * The record's recipient is on the suppression list (it bounced permanently or complained): the record is
 * dead-lettered at once, with a reason that starts with {@code suppressed} and names the address masked only.
 */
public class SuppressedException extends InvalidRecordException {

    private static final long serialVersionUID = 1L;

    public SuppressedException(String reason) {
        super(reason);
    }
}

package io.streamnotifier;

/**
 * A stream record that can never be notified as it is: no retry can help, so the dead-letter channel stores it at
 * once. The message is the reason written to the dead-letter store and the log; it never contains personal data.
 */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String reason) {
        super(reason);
    }

    public InvalidRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

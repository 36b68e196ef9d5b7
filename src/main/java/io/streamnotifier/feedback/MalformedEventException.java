package io.streamnotifier.feedback;

/**
 * A message of the SES events queue that is not an SES event the service can read: no retry helps, so it goes to
 * the dead-letter store at once and is deleted from the queue. The message is the reason; it never quotes the
 * message's content (which holds addresses).
 */
public class MalformedEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedEventException(String reason) {
        super(reason);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

package io.streamnotifier.ses;

/**
 * A send held back (SES refusing every message, or throttling) when the service stops: the record is neither sent
 * nor dead-lettered, and its shard's position is not saved, so the next start reads it again.
 */
public class SendHeldException extends Exception {

    public SendHeldException(String message) {
        super(message);
    }
}

package io.streamnotifier.deadletter;

/**
 * Where records go that could not be notified. An implementation must have stored the dead letter durably when
 * {@link #append} returns, and throw otherwise: the caller then knows the record is not safe.
 */
public interface DeadLetterStore {

    void append(DeadLetter deadLetter) throws Exception;

    /** A short, log-safe description, such as the file path or queue URL. */
    String describe();
}

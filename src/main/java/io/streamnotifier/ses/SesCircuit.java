package io.streamnotifier.ses;

import java.time.Instant;

/**
 * Whether SES can be sent to at all. Opened on an account-wide SES error (sending paused, sender not verified,
 * access denied) or when SES looks down (several records in a row failed every attempt), closed again when a send
 * works. While it is open the service does not read the stream, and
 * readiness reports the reason.
 */
public final class SesCircuit {

    /** The circuit's state, as reported by readiness and metrics. */
    public enum State { CLOSED, OPEN }

    private record Opened(String reason, Instant since) {
    }

    private volatile Opened opened;

    /** Opens the circuit (or keeps it open) with a reason that holds no personal data. */
    public void open(String reason) {
        Opened current = opened;
        opened = new Opened(reason, current == null ? Instant.now() : current.since());
    }

    public void close() {
        opened = null;
    }

    public boolean isOpen() {
        return opened != null;
    }

    public State state() {
        return isOpen() ? State.OPEN : State.CLOSED;
    }

    /** Whether the circuit is open with a reason that starts with {@code prefix}. */
    public boolean isOpenFor(String prefix) {
        Opened current = opened;
        return current != null && current.reason().startsWith(prefix);
    }

    /** Why the circuit is open, or {@code null} when it is closed. */
    public String reason() {
        Opened current = opened;
        return current == null ? null : current.reason();
    }

    /** Since when the circuit is open, or {@code null} when it is closed. */
    public Instant openSince() {
        Opened current = opened;
        return current == null ? null : current.since();
    }
}

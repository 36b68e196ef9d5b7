package io.streamnotifier.ses;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} sends a second, shared by every route that sends through the same {@link SesSender}:
 * each send takes the next free slot, evenly spaced (no bursts above the rate, so SES's per-second quota is never
 * exceeded). A rate of 0 or less means no limit.
 * <p>
 * Hand-written rather than Camel's throttle EIP, which can wait instead of failing and space requests evenly, but
 * counts per route (each {@code throttle} is a processor of its own route; its correlation key groups only inside
 * it), so one rate for all routes would need every send routed through one extra route; and it sees an exchange
 * once, while {@link SesSender} calls SES again inside the step (after throttling, to probe a held record), each call
 * taking a slot here. docs/delivery.md, "Why the rate limit and the circuit are the service's own".
 */
public final class SendRateLimiter {

    private final long intervalNanos;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long nextFree;

    /** How the limiter waits; tests replace it to avoid real sleeping. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    public SendRateLimiter(double perSecond) {
        this(perSecond, System::nanoTime, nanos -> {
            LockSupport.parkNanos(nanos);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a send slot");
            }
        });
    }

    SendRateLimiter(double perSecond, LongSupplier clock, Sleeper sleeper) {
        this.intervalNanos = perSecond <= 0 ? 0 : (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        this.clock = clock;
        this.sleeper = sleeper;
        this.nextFree = clock.getAsLong();
    }

    /** Waits for this send's slot. */
    public void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long slot;
        synchronized (this) {
            long now = clock.getAsLong();
            slot = Math.max(now, nextFree);
            nextFree = slot + intervalNanos;
        }
        long wait = slot - clock.getAsLong();
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }
}

package io.streamnotifier.ses;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.streamnotifier.RecordAgeCheck;
import io.streamnotifier.RecordExpiredException;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;

/**
 * How {@link SesSender} waits between two sends of one record: the throttling backoff, a pause that ends when the
 * service stops or the shard's lease is lost (the record is then held back, {@link SendHeldException}), and the
 * record's maximum age, past which it is dead-lettered instead of waited for.
 * <p>
 * Written by hand rather than with Camel's throttle EIP or Resilience4j's retry: the wait must give up when this
 * worker loses the shard's lease or the service stops (holding the record back for the next owner, neither sent nor
 * dead-lettered), and must end at the record's age in the stream, which neither of them knows about.
 */
final class SendWaits {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final Clock clock;
    private final Duration throttleMaxDelay;
    private final Duration maxRecordAge;

    SendWaits(Clock clock, Duration throttleMaxDelay, Duration maxRecordAge) {
        this.clock = clock;
        this.throttleMaxDelay = throttleMaxDelay;
        this.maxRecordAge = maxRecordAge;
    }

    Clock clock() {
        return clock;
    }

    Duration maxRecordAge() {
        return maxRecordAge;
    }

    /** The first throttling backoff of a record. */
    Duration firstBackoff() {
        return throttleMaxDelay.compareTo(FIRST_BACKOFF) < 0 ? throttleMaxDelay : FIRST_BACKOFF;
    }

    /** The backoff after {@code backoff}: twice as long, at most {@code throttleMaxDelay}. */
    Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(throttleMaxDelay) > 0 ? throttleMaxDelay : doubled;
    }

    /** The backoff, give or take 15 %, so that the routes SES throttles do not all send again at once. */
    static Duration jitter(Duration backoff) {
        double factor = 0.85 + ThreadLocalRandom.current().nextDouble() * 0.3;
        return Duration.ofMillis((long) (backoff.toMillis() * factor));
    }

    /** Waits, unless the service is stopping or the lease is lost: then the record is held back. */
    void pause(Exchange exchange, Duration pause, String why) throws SendHeldException {
        Instant until = clock.instant().plus(pause);
        while (clock.instant().isBefore(until)) {
            if (exchange.getContext().isStopping() || exchange.getContext().isStopped()) {
                throw new SendHeldException("not sent: the service is stopping and " + why
                        + "; the record is read again at the next start");
            }
            checkLease(exchange);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(200, Duration.between(clock.instant(),
                    until).toMillis() + 1)));
        }
    }

    /** Holds the record back once this worker no longer holds its shard's lease (StreamHeaders.LEASE_PROPERTY). */
    static void checkLease(Exchange exchange) throws SendHeldException {
        if (exchange.getProperty(StreamHeaders.LEASE_PROPERTY) instanceof java.util.function.BooleanSupplier lease
                && !lease.getAsBoolean()) {
            throw new SendHeldException("not sent: the lease of its shard is no longer this worker's; the shard's "
                    + "next owner sends it");
        }
    }

    /** Dead-letters a record older than {@code limit} (a replayed dead letter is old by definition: never). */
    void checkAge(Exchange exchange, Duration limit, String what, String when) throws RecordExpiredException {
        if (exchange.getProperty(StreamHeaders.REPLAYED_PROPERTY) != null) {
            return; // its stream's 24 hours no longer matter
        }
        Duration age = RecordAgeCheck.age(exchange, clock);
        if (age != null && age.compareTo(limit) > 0) {
            throw new RecordExpiredException(what + "the record is " + age.toSeconds() + " s old, more than "
                    + when);
        }
    }

    /** Dead-letters a record older than its maximum age, while SES throttles it. */
    void checkAge(Exchange exchange, String when) throws RecordExpiredException {
        checkAge(exchange, maxRecordAge, "", "its maximum age of " + maxRecordAge.toSeconds() + " s, " + when);
    }
}

package io.streamnotifier.stream.kcl;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.leases.Lease;

/**
 * Whether this worker may still send a shard's records: only while the shard's lease, as this worker's KCL last
 * renewed it, has more than a margin of its duration left. Another worker takes a lease over only after its counter
 * has stayed unchanged for a whole lease duration, counted from a time after the last renewal this worker saw
 * succeed, so a record checked here is sent before any other worker can own the shard; after a pause (GC, a stopped
 * process, CPU throttling) or failed renewals, the first check says no.
 * <p>
 * A lease found overdue is let go at once (the KCL stops renewing it and ends the shard's reader): its renewal may
 * still come, but another worker may own it by then, and a reader that stopped in the middle of a batch must not
 * keep the shard. The shard is read again from its last checkpoint by whoever takes the lease next.
 */
final class LeaseFence {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseFence.class);

    /** What the fence needs of the KCL's lease coordinator. */
    interface Leases {

        /** A copy of the shard's lease as this worker holds it, or null when it holds it no longer (or it expired). */
        Lease held(String shardId);

        /** Stops renewing the shard's lease: the KCL ends the shard's reader. */
        void drop(String shardId);
    }

    private final Leases leases;
    private final long leaseDurationNanos;
    private final long marginNanos;
    private final LongSupplier nanoTime;

    /**
     * @param leaseDurationMs the lease duration the KCL and {@link AbandonedLeases} go by
     * @param nanoTime        the clock the KCL stamps renewals with ({@code System::nanoTime})
     */
    LeaseFence(Leases leases, long leaseDurationMs, LongSupplier nanoTime) {
        this.leases = leases;
        this.leaseDurationNanos = TimeUnit.MILLISECONDS.toNanos(leaseDurationMs);
        // renewals come every third of the duration: a fifth is left after two in a row were missed
        this.marginNanos = leaseDurationNanos / 5;
        this.nanoTime = nanoTime;
    }

    /** True while the shard's lease is ours with more than the margin left; false (and the lease let go) else. */
    boolean holds(String shardId) {
        Lease lease = leases.held(shardId);
        if (lease == null) {
            LOG.debug("lease of shard {} is no longer held", shardId);
            drop(shardId);
            return false;
        }
        Long renewed = lease.lastCounterIncrementNanos();
        long since = renewed == null ? Long.MAX_VALUE : nanoTime.getAsLong() - renewed;
        if (since < leaseDurationNanos - marginNanos) {
            return true;
        }
        LOG.warn("lease of shard {} last renewed {} ms ago (lease duration {} ms): another worker may own the shard "
                + "now; sending nothing more for it and letting the lease go", shardId,
                renewed == null ? "?" : TimeUnit.NANOSECONDS.toMillis(since),
                TimeUnit.NANOSECONDS.toMillis(leaseDurationNanos));
        drop(shardId);
        return false;
    }

    private void drop(String shardId) {
        try {
            leases.drop(shardId);
        } catch (RuntimeException e) {
            LOG.debug("could not drop the lease of shard {}", shardId, e);
        }
    }
}

package io.streamnotifier.stream.kcl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import software.amazon.kinesis.leases.Lease;

class LeaseFenceTest {

    private static final long LEASE_MS = 5000;

    private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1000));
    private final Map<String, Lease> held = new HashMap<>();
    private final List<String> dropped = new ArrayList<>();
    private final LeaseFence fence = new LeaseFence(new LeaseFence.Leases() {
        @Override
        public Lease held(String shardId) {
            return held.get(shardId);
        }

        @Override
        public void drop(String shardId) {
            dropped.add(shardId);
            held.remove(shardId);
        }
    }, LEASE_MS, now::get);

    private void renewedMillisAgo(String shard, long millis) {
        Lease lease = new Lease();
        lease.leaseKey(shard);
        lease.lastCounterIncrementNanos(now.get() - TimeUnit.MILLISECONDS.toNanos(millis));
        held.put(shard, lease);
    }

    @Test
    void a_lease_renewed_on_time_holds() {
        // renewals come every third of the lease: this is what a check sees at worst between two
        renewedMillisAgo("shard-1", LEASE_MS / 3 + 100);
        assertTrue(fence.holds("shard-1"));
        assertTrue(dropped.isEmpty());
    }

    @Test
    void a_lease_not_renewed_for_most_of_its_duration_is_let_go_before_another_worker_may_take_it() {
        // after a pause, the KCL's own view still says held (it is not expired yet): another worker's take-over
        // is due a lease duration after the renewal it saw, so no record may start this close to that
        renewedMillisAgo("shard-1", LEASE_MS - LEASE_MS / 5);
        assertFalse(fence.holds("shard-1"));
        assertEquals(List.of("shard-1"), dropped);
    }

    @Test
    void a_lease_the_kcl_no_longer_holds_does_not_hold() {
        assertFalse(fence.holds("shard-2"));
        assertEquals(List.of("shard-2"), dropped, "let go, in case a late renewal would keep it");
    }

    @Test
    void each_shard_is_judged_by_its_own_lease() {
        renewedMillisAgo("shard-1", 100);
        renewedMillisAgo("shard-2", LEASE_MS);
        assertTrue(fence.holds("shard-1"));
        assertFalse(fence.holds("shard-2"));
        assertTrue(fence.holds("shard-1"));
    }
}

package io.streamnotifier.stream.kcl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Takes over the leases nobody keeps: those whose owner stopped renewing them (its counter unchanged for a lease
 * duration, as this worker saw it) and those left without an owner for as long.
 * <p>
 * KCL 3 hands such leases out from its leader only, and the leader is whoever holds a DynamoDB lock with a fixed
 * 2-minute lease: when the instance that died was also the leader, its shards waited more than 2 minutes for a new
 * one. Here every instance looks for itself, so a shard goes unread for about one lease duration, whichever
 * instance died. Each take-over is a conditional write on the counter and owner it saw, so two instances cannot
 * both take a lease, and a lease renewed meanwhile is left to its owner. The worker's KCL finds the lease under its
 * name at its next lease discovery and reads on from the lease's checkpoint; the leader balances leases later as
 * usual.
 */
final class AbandonedLeases {

    private static final Logger LOG = LoggerFactory.getLogger(AbandonedLeases.class);

    /** What this worker last saw of a lease, and since when (its own clock: the owner's is not comparable). */
    private record Seen(String owner, long counter, long sinceNanos) {
    }

    private final String table;
    private final String worker;
    private final long leaseDurationNanos;
    private final Map<String, Seen> seen = new HashMap<>();

    AbandonedLeases(String table, String worker, long leaseDurationMs) {
        this.table = table;
        this.worker = worker;
        this.leaseDurationNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(leaseDurationMs);
    }

    /** Scans the lease table once and takes what has been abandoned; returns the keys of the leases taken. */
    Set<String> takeOver(DynamoDbClient dynamo, long nowNanos) {
        Set<String> present = new HashSet<>();
        Set<String> taken = new HashSet<>();
        for (Map<String, AttributeValue> lease : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()) {
            String key = lease.get("leaseKey").s();
            present.add(key);
            String owner = LeaseTable.owner(lease);
            long counter = LeaseTable.counter(lease);
            if (worker.equals(owner) || !LeaseTable.unfinished(lease)) {
                seen.remove(key);
                continue;
            }
            if (!abandoned(key, owner, counter, nowNanos)) {
                continue;
            }
            if (take(dynamo, key, owner, counter)) {
                seen.remove(key);
                taken.add(key);
                LOG.info("took over the lease of shard {} in {} ({} for {} ms)", key, table,
                        owner == null ? "without an owner" : "not renewed by " + owner,
                        java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(leaseDurationNanos));
            }
        }
        seen.keySet().retainAll(present);
        return taken;
    }

    /** True once the lease has kept this owner and counter for a whole lease duration. */
    boolean abandoned(String key, String owner, long counter, long nowNanos) {
        Seen last = seen.get(key);
        if (last == null || last.counter() != counter || !java.util.Objects.equals(last.owner(), owner)) {
            seen.put(key, new Seen(owner, counter, nowNanos));
            return false;
        }
        return nowNanos - last.sinceNanos() >= leaseDurationNanos;
    }

    /** Takes the lease if it still has the owner and counter seen; false if it changed meanwhile. */
    boolean take(DynamoDbClient dynamo, String key, String owner, long counter) {
        if (LeaseTable.takeIfUnchanged(dynamo, table, key, owner, counter, worker)) {
            return true;
        }
        seen.remove(key);
        return false;
    }
}

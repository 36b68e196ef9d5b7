package io.streamnotifier.stream.kcl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The take-over of abandoned leases, against DynamoDB Local's lease table: which leases count as abandoned, and
 * that the conditional write lets only one worker take a lease, never one renewed meanwhile.
 */
class AbandonedLeasesIT {

    private static final long LEASE_MS = 5000;
    private static final long AFTER_LEASE = TimeUnit.MILLISECONDS.toNanos(LEASE_MS);

    private static DynamoDbClient dynamo;
    private String table;

    @BeforeAll
    static void client() {
        dynamo = LocalServers.client(DynamoDbClient.builder(), LocalServers.dynamoDbEndpoint()).build();
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    private void leaseTable(Map<String, AttributeValue>... leases) {
        table = "AbandonedLeasesIT-" + UUID.randomUUID().toString().substring(0, 8);
        LeaseTable.createIfMissing(dynamo, table);
        for (Map<String, AttributeValue> lease : leases) {
            dynamo.putItem(b -> b.tableName(table).item(lease));
        }
    }

    private static Map<String, AttributeValue> lease(String shard, String owner, long counter, String checkpoint) {
        var lease = new java.util.HashMap<>(Map.of(
                "leaseKey", AttributeValue.fromS(shard),
                "leaseCounter", AttributeValue.fromN(Long.toString(counter)),
                "checkpoint", AttributeValue.fromS(checkpoint),
                "ownerSwitchesSinceCheckpoint", AttributeValue.fromN("0")));
        if (owner != null) {
            lease.put("leaseOwner", AttributeValue.fromS(owner));
            lease.put("checkpointOwner", AttributeValue.fromS(owner));
        }
        return lease;
    }

    private Map<String, AttributeValue> read(String shard) {
        return dynamo.getItem(b -> b.tableName(table).key(Map.of("leaseKey", AttributeValue.fromS(shard)))
                .consistentRead(true)).item();
    }

    private void renew(String shard) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("leaseKey", AttributeValue.fromS(shard)))
                .updateExpression("ADD leaseCounter :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
    }

    @Test
    void a_lease_not_renewed_for_a_lease_duration_is_taken_and_one_renewed_is_not() {
        leaseTable(lease("shard-dead", "worker-a", 7, "000123"), lease("shard-alive", "worker-c", 3, "000456"),
                lease("shard-done", "worker-a", 9, "SHARD_END"), lease("shard-mine", "worker-b", 2, "000789"));
        AbandonedLeases watch = new AbandonedLeases(table, "worker-b", LEASE_MS);

        assertEquals(Set.of(), watch.takeOver(dynamo, 0), "first sight: nothing is known to be abandoned yet");
        renew("shard-alive");
        assertEquals(Set.of(), watch.takeOver(dynamo, AFTER_LEASE - 1), "not yet a lease duration");
        renew("shard-alive");
        assertEquals(Set.of("shard-dead"), watch.takeOver(dynamo, AFTER_LEASE));

        Map<String, AttributeValue> taken = read("shard-dead");
        assertEquals("worker-b", taken.get("leaseOwner").s());
        assertEquals("8", taken.get("leaseCounter").n());
        assertEquals("1", taken.get("ownerSwitchesSinceCheckpoint").n());
        assertEquals("000123", taken.get("checkpoint").s(), "the checkpoint is where the new owner reads on");
        assertFalse(taken.containsKey("checkpointOwner"), "no hand-off left pending");
        assertEquals("worker-c", read("shard-alive").get("leaseOwner").s());
        assertEquals("worker-a", read("shard-done").get("leaseOwner").s(), "a finished shard is left alone");
    }

    @Test
    void a_lease_without_an_owner_is_taken_after_a_lease_duration() {
        leaseTable(lease("shard-new", null, 0, "TRIM_HORIZON"));
        AbandonedLeases watch = new AbandonedLeases(table, "worker-b", LEASE_MS);

        assertEquals(Set.of(), watch.takeOver(dynamo, 0), "the leader may still assign it");
        assertEquals(Set.of("shard-new"), watch.takeOver(dynamo, AFTER_LEASE));
        assertEquals("worker-b", read("shard-new").get("leaseOwner").s());
    }

    @Test
    void of_two_workers_seeing_the_same_abandoned_lease_only_one_takes_it() {
        leaseTable(lease("shard-dead", "worker-a", 7, "000123"));
        AbandonedLeases b = new AbandonedLeases(table, "worker-b", LEASE_MS);
        AbandonedLeases c = new AbandonedLeases(table, "worker-c", LEASE_MS);
        b.takeOver(dynamo, 0);
        c.takeOver(dynamo, 0);

        assertEquals(Set.of("shard-dead"), b.takeOver(dynamo, AFTER_LEASE));
        // worker-c decided on what it read before worker-b's write: its own write expects that counter and fails
        assertFalse(c.take(dynamo, "shard-dead", "worker-a", 7));
        assertEquals("worker-b", read("shard-dead").get("leaseOwner").s());

        // a scan sees the new owner and counter and starts counting again; worker-b's KCL renews the lease
        assertEquals(Set.of(), c.takeOver(dynamo, AFTER_LEASE));
        renew("shard-dead");
        assertEquals(Set.of(), c.takeOver(dynamo, 2 * AFTER_LEASE), "renewed: left to its owner");
        assertEquals("worker-b", read("shard-dead").get("leaseOwner").s());
        // the new owner dies too: after a lease duration without renewal, worker-c takes it
        assertEquals(Set.of("shard-dead"), c.takeOver(dynamo, 3 * AFTER_LEASE));
        assertEquals("worker-c", read("shard-dead").get("leaseOwner").s());
        assertEquals("2", read("shard-dead").get("ownerSwitchesSinceCheckpoint").n());
    }
}

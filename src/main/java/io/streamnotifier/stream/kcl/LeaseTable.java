package io.streamnotifier.stream.kcl;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The KCL's lease table: one row per shard with its owner and checkpoint (the durable stream position).
 * <p>
 * {@link #createIfMissing} creates it the way KCL 3 wants it, with the {@code LeaseOwnerToLeaseKeyIndex} index,
 * so that the KCL does not add the index itself and poll for it. The first leases of a stream are written by
 * {@link FirstStart}.
 */
public final class LeaseTable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseTable.class);

    private LeaseTable() {
    }

    public static void createIfMissing(DynamoDbClient dynamo, String table) {
        try {
            dynamo.describeTable(b -> b.tableName(table));
            return;
        } catch (ResourceNotFoundException e) {
            LOG.info("creating the lease table {}", table);
        }
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .attributeDefinitions(
                            a -> a.attributeName("leaseKey").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("leaseOwner").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("leaseKey").keyType(KeyType.HASH))
                    .globalSecondaryIndexes(g -> g.indexName("LeaseOwnerToLeaseKeyIndex")
                            .keySchema(k -> k.attributeName("leaseOwner").keyType(KeyType.HASH),
                                    k -> k.attributeName("leaseKey").keyType(KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException e) {
            return; // another instance created it meanwhile
        }
        // the SDK's waiter asks every 20 s; a new table is ready within seconds: ask every half second, for 2 minutes
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table), w -> w.maxAttempts(240)
                .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(
                        java.time.Duration.ofMillis(500))));
    }

    /**
     * Takes the leases of unfinished shards that have no owner (as a graceful stop leaves them) for {@code worker},
     * which then reads them at once on a restart, instead of waiting for the KCL's leader to assign them: its first
     * assignment comes a lease-assignment interval after start and often finds no worker metrics yet, which cost 2
     * to 4 s before the first read. Each lease is taken only
     * if it still has no owner (a conditional write), so instances starting together split them; the KCL's leader
     * balances them later as usual. Returns how many were taken.
     */
    public static int claimUnowned(DynamoDbClient dynamo, String table, String worker) {
        int claimed = 0;
        for (Map<String, AttributeValue> lease : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()) {
            if (owner(lease) == null && unfinished(lease)
                    && takeIfUnchanged(dynamo, table, lease.get("leaseKey").s(), null, counter(lease), worker)) {
                claimed++;
            }
        }
        return claimed;
    }

    /** The lease's owner, or null when it has none. */
    static String owner(Map<String, AttributeValue> lease) {
        return lease.containsKey("leaseOwner") ? lease.get("leaseOwner").s() : null;
    }

    static long counter(Map<String, AttributeValue> lease) {
        return lease.containsKey("leaseCounter") ? Long.parseLong(lease.get("leaseCounter").n()) : 0;
    }

    /** True for the lease of a shard not read to its end yet (it has a checkpoint, and not SHARD_END). */
    static boolean unfinished(Map<String, AttributeValue> lease) {
        AttributeValue checkpoint = lease.get("checkpoint");
        return checkpoint != null && !"SHARD_END".equals(checkpoint.s());
    }

    /**
     * Makes {@code worker} the lease's owner if it still has the owner ({@code null}: none) and counter seen, as the
     * KCL's own take does: one more on the counter, one more owner switch, no hand-off pending. False if the lease
     * changed meanwhile (another worker took it, or its owner renewed it).
     */
    static boolean takeIfUnchanged(DynamoDbClient dynamo, String table, String key, String owner, long counter,
            String worker) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":me", AttributeValue.fromS(worker),
                ":seen", AttributeValue.fromN(Long.toString(counter)),
                ":one", AttributeValue.fromN("1"),
                ":zero", AttributeValue.fromN("0")));
        String ownerCondition;
        if (owner == null) {
            ownerCondition = "attribute_not_exists(leaseOwner)";
        } else {
            ownerCondition = "leaseOwner = :owner";
            values.put(":owner", AttributeValue.fromS(owner));
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("leaseKey", AttributeValue.fromS(key)))
                    .updateExpression("SET leaseOwner = :me, leaseCounter = leaseCounter + :one, "
                            + "ownerSwitchesSinceCheckpoint = if_not_exists(ownerSwitchesSinceCheckpoint, :zero) "
                            + "+ :one REMOVE checkpointOwner")
                    .conditionExpression("leaseCounter = :seen AND " + ownerCondition)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            LOG.debug("lease of {} changed meanwhile; left as it is", key);
            return false;
        }
    }

    /**
     * Hands the leases of {@code shards} that {@code worker} still owns back (no owner, one more on the counter, as
     * the KCL's eviction does), so that another instance, or this one restarted, takes them at once. Returns how
     * many were handed back.
     */
    static int release(DynamoDbClient dynamo, String table, String worker, java.util.Collection<String> shards) {
        int released = 0;
        for (String shard : shards) {
            try {
                dynamo.updateItem(b -> b.tableName(table).key(Map.of("leaseKey", AttributeValue.fromS(shard)))
                        .updateExpression("REMOVE leaseOwner SET leaseCounter = leaseCounter + :one")
                        .conditionExpression("leaseOwner = :me")
                        .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(worker),
                                ":one", AttributeValue.fromN("1"))));
                released++;
            } catch (ConditionalCheckFailedException e) {
                LOG.debug("lease of {} is no longer ours; left as it is", shard);
            } catch (RuntimeException e) {
                LOG.warn("could not hand back the lease of {} ({}); another instance takes it once it expires",
                        shard, e.getMessage());
            }
        }
        return released;
    }
}

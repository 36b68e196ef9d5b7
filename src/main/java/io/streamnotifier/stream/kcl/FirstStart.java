package io.streamnotifier.stream.kcl;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The leases of a stream this application has never read, written at start so that the reader starts at once.
 * <p>
 * Left to itself, the KCL writes them after a random wait of up to 30 s and its leader hands them out later still
 * (about 70 s on a new table), and with LATEST its position is fixed only when the reader takes its first shard
 * iterator: every record written in between was skipped. Here every shard of the stream gets a lease owned by this
 * worker, starting at the shard's beginning (TRIM_HORIZON), with the parent of each shard named so that a parent
 * is read before its children. With a start time (LATEST: when this process started; AT_TIMESTAMP: the configured
 * instant) the lease keeps it as {@value #NOT_BEFORE}, and the reader skips the shard's records created before it
 * ({@link #createdBefore}). A closed shard whose last record is older than the start time is saved as read to its
 * end, so its records are not read at all.
 * <p>
 * Each lease is a conditional write: of instances starting together, one writes each lease and reads its shard.
 */
final class FirstStart {

    /** The lease attribute with the start time (epoch milliseconds) before which the shard's records are skipped. */
    static final String NOT_BEFORE = "notifierNotBefore";

    private static final Logger LOG = LoggerFactory.getLogger(FirstStart.class);
    private static final String SHARD_END = "SHARD_END";

    private FirstStart() {
    }

    /**
     * Writes the leases of {@code streamArn}'s shards if none of them has one yet, owned by {@code worker}. Returns
     * how many this worker wrote (0 when the stream was read before, or another instance wrote them first).
     */
    static int createLeases(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String leaseTable,
            String streamArn, String worker, Instant notBefore) {
        List<Shard> shards = StreamFollower.describe(streams, streamArn).shards();
        Set<String> leased = new HashSet<>();
        dynamo.scanPaginator(b -> b.tableName(leaseTable).consistentRead(true).projectionExpression("leaseKey"))
                .items().forEach(item -> leased.add(item.get("leaseKey").s()));
        if (shards.stream().anyMatch(shard -> leased.contains(shard.shardId()))) {
            return 0; // read before: the KCL carries on from the saved positions and leases new shards itself
        }
        Set<String> inStream = new HashSet<>();
        shards.forEach(shard -> inStream.add(shard.shardId()));
        int created = 0;
        for (Shard shard : shards) {
            boolean closed = shard.sequenceNumberRange().endingSequenceNumber() != null;
            boolean done = closed && notBefore != null && !hasRecordsSince(streams, streamArn, shard, notBefore);
            Map<String, AttributeValue> lease = new HashMap<>(Map.of(
                    "leaseKey", AttributeValue.fromS(shard.shardId()),
                    "leaseCounter", AttributeValue.fromN("0"),
                    "checkpoint", AttributeValue.fromS(done ? SHARD_END : "TRIM_HORIZON"),
                    "checkpointSubSequenceNumber", AttributeValue.fromN("0"),
                    "ownerSwitchesSinceCheckpoint", AttributeValue.fromN("0"),
                    "startingHashKey", AttributeValue.fromS("0"),
                    "endingHashKey", AttributeValue.fromS("1")));
            if (!done) {
                lease.put("leaseOwner", AttributeValue.fromS(worker));
            }
            if (shard.parentShardId() != null && inStream.contains(shard.parentShardId())) {
                lease.put("parentShardId", AttributeValue.fromSs(List.of(shard.parentShardId())));
            }
            if (notBefore != null && !done) {
                lease.put(NOT_BEFORE, AttributeValue.fromN(Long.toString(notBefore.toEpochMilli())));
            }
            try {
                dynamo.putItem(b -> b.tableName(leaseTable).item(lease)
                        .conditionExpression("attribute_not_exists(leaseKey)"));
                created++;
            } catch (ConditionalCheckFailedException e) {
                LOG.debug("lease of {} was written by another instance", shard.shardId());
            }
        }
        if (created > 0) {
            LOG.info("first start on this stream: wrote the leases of {} of its {} shard(s) in {}, reading {}",
                    created, shards.size(), leaseTable,
                    notBefore == null ? "from the start of each shard" : "the records created from " + notBefore);
        }
        return created;
    }

    /** The start time kept in a shard's lease, or null when it has none (or no lease). */
    static Instant notBefore(DynamoDbClient dynamo, String leaseTable, String shardId) {
        Map<String, AttributeValue> lease = dynamo.getItem(b -> b.tableName(leaseTable).consistentRead(true)
                .key(Map.of("leaseKey", AttributeValue.fromS(shardId)))).item();
        AttributeValue value = lease == null ? null : lease.get(NOT_BEFORE);
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }

    /**
     * Whether a record was created before {@code start}, as far as its time stamp tells. DynamoDB rounds the
     * creation time down (to the second; DynamoDB Local to the minute), so the comparison is at the time stamp's
     * precision: a stamp on a whole minute is compared with the start's minute, any other with its second. A record
     * created at or after {@code start} is never taken for an earlier one; one created up to a second earlier (a
     * minute, for a stamp on a whole minute) may be kept.
     */
    static boolean createdBefore(Record record, Instant start) {
        Instant stamp = record.dynamodb() == null ? null : record.dynamodb().approximateCreationDateTime();
        if (stamp == null) {
            return false;
        }
        ChronoUnit precision = stamp.truncatedTo(ChronoUnit.MINUTES).equals(stamp) ? ChronoUnit.MINUTES
                : ChronoUnit.SECONDS;
        return stamp.isBefore(start.truncatedTo(precision));
    }

    /**
     * Whether a closed shard's last record was created at or after {@code start}, read at the shard's ending
     * sequence number. True when that cannot be told (no record there, or the read failed): the shard is then read
     * and its earlier records skipped one by one.
     */
    private static boolean hasRecordsSince(DynamoDbStreamsClient streams, String streamArn, Shard shard,
            Instant start) {
        try {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                    .sequenceNumber(shard.sequenceNumberRange().endingSequenceNumber())).shardIterator();
            List<Record> last = streams.getRecords(b -> b.shardIterator(iterator).limit(1)).records();
            return last.isEmpty() || !createdBefore(last.get(0), start);
        } catch (RuntimeException e) {
            LOG.debug("could not read the last record of closed shard {} ({}); reading the shard",
                    shard.shardId(), e.getMessage());
            return true;
        }
    }
}

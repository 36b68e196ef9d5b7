package io.streamnotifier.stream.kcl;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.Stream;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.common.InitialPositionInStream;

/**
 * Which of a table's streams to read. A table whose stream is disabled and enabled again gets a new stream (a new
 * ARN); the old one is closed but stays readable for 24 hours. The reader finishes the old stream first (its
 * leases reach SHARD_END), then moves to the new one from its start, since every record in it is new.
 * <p>
 * Shards are told apart by their ids, which are unique across a table's streams; the lease table keys leases by
 * shard id.
 */
final class StreamFollower {

    private static final Logger LOG = LoggerFactory.getLogger(StreamFollower.class);
    private static final String SHARD_END = "SHARD_END";

    /** A stream to read, and where to start in its shards that have no lease yet. */
    record Choice(String streamArn, InitialPositionInStream position) {
    }

    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final String table;
    private final String leaseTable;

    StreamFollower(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table, String leaseTable) {
        this.dynamo = dynamo;
        this.streams = streams;
        this.table = table;
        this.leaseTable = leaseTable;
    }

    /**
     * The stream to read at start: the oldest of the table's streams that still has unfinished leases; else the
     * table's current stream, from {@code configured} for a new application, or from its start if the leases are
     * all of an older stream that was finished.
     */
    Choice choose(InitialPositionInStream configured) {
        TableDescription description = dynamo.describeTable(b -> b.tableName(table)).table();
        String latest = description.latestStreamArn();
        Map<String, String> checkpoints = checkpoints();
        if (!checkpoints.isEmpty()) {
            List<Stream> all = streams.listStreams(b -> b.tableName(table)).streams().stream()
                    .sorted(Comparator.comparing(Stream::streamLabel))
                    .toList();
            for (Stream stream : all) {
                Set<String> shards = shardIds(stream.streamArn());
                boolean unfinished = shards.stream()
                        .anyMatch(id -> checkpoints.containsKey(id) && !SHARD_END.equals(checkpoints.get(id)));
                if (unfinished) {
                    if (!stream.streamArn().equals(latest)) {
                        LOG.warn("the stream of table {} was disabled and enabled again; reading the rest of its "
                                + "previous stream {} first", table, stream.streamLabel());
                    }
                    return new Choice(stream.streamArn(), configured);
                }
            }
        }
        if (!enabled(description) || latest == null) {
            throw new IllegalStateException("table " + table + " has no stream enabled; enable one with view type "
                    + "NEW_IMAGE or NEW_AND_OLD_IMAGES");
        }
        if (!checkpoints.isEmpty() && shardIds(latest).stream().noneMatch(checkpoints::containsKey)) {
            LOG.warn("the positions in lease table {} are all of an earlier, finished stream of table {}; reading its "
                    + "current stream from the start", leaseTable, table);
            return new Choice(latest, InitialPositionInStream.TRIM_HORIZON);
        }
        return new Choice(latest, configured);
    }

    /**
     * The stream to move to once {@code current} was replaced and is finished: the table's new stream, from its
     * start. Null while there is nothing to do (the same stream, still being read, or disabled without a new one).
     */
    Choice next(String current) {
        TableDescription description = dynamo.describeTable(b -> b.tableName(table)).table();
        String latest = description.latestStreamArn();
        if (latest == null || latest.equals(current) || !enabled(description) || !finished(current)) {
            return null;
        }
        return new Choice(latest, InitialPositionInStream.TRIM_HORIZON);
    }

    /** Whether the stream is disabled and each of its shards closed and read to its end (or never leased). */
    boolean finished(String streamArn) {
        StreamDescription stream = describe(streamArn);
        if (stream.streamStatus() != StreamStatus.DISABLED) {
            return false;
        }
        Map<String, String> checkpoints = checkpoints();
        return stream.shards().stream().allMatch(shard -> shard.sequenceNumberRange().endingSequenceNumber() != null
                && (!checkpoints.containsKey(shard.shardId()) || SHARD_END.equals(checkpoints.get(shard.shardId()))));
    }

    /** Deletes the leases of a finished stream, so the KCL does not look for its shards in the new one. */
    void forget(String streamArn) {
        Map<String, String> checkpoints = checkpoints();
        for (String shardId : shardIds(streamArn)) {
            if (checkpoints.containsKey(shardId)) {
                dynamo.deleteItem(b -> b.tableName(leaseTable).key(Map.of("leaseKey", AttributeValue.fromS(shardId))));
            }
        }
    }

    private static boolean enabled(TableDescription description) {
        return description.streamSpecification() != null
                && Boolean.TRUE.equals(description.streamSpecification().streamEnabled());
    }

    private Set<String> shardIds(String streamArn) {
        return describe(streamArn).shards().stream().map(Shard::shardId).collect(Collectors.toSet());
    }

    private StreamDescription describe(String streamArn) {
        return describe(streams, streamArn);
    }

    /** The stream with all of its shards (DescribeStream pages by 100). */
    static StreamDescription describe(DynamoDbStreamsClient streams, String streamArn) {
        // a stream has at most a few hundred shards on a table that large; DescribeStream pages by 100
        StreamDescription first = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription();
        if (first.lastEvaluatedShardId() == null) {
            return first;
        }
        List<Shard> shards = new java.util.ArrayList<>(first.shards());
        String after = first.lastEvaluatedShardId();
        while (after != null) {
            String from = after;
            StreamDescription page = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from))
                    .streamDescription();
            shards.addAll(page.shards());
            after = page.lastEvaluatedShardId();
        }
        return first.toBuilder().shards(shards).lastEvaluatedShardId(null).build();
    }

    /** Shard id to checkpoint, from the lease table (empty if it does not exist yet). */
    private Map<String, String> checkpoints() {
        Map<String, String> checkpoints = new HashMap<>();
        try {
            dynamo.scanPaginator(b -> b.tableName(leaseTable).consistentRead(true)).items().forEach(item -> {
                AttributeValue key = item.get("leaseKey");
                AttributeValue checkpoint = item.get("checkpoint");
                if (key != null) {
                    checkpoints.put(key.s(), checkpoint == null ? "" : checkpoint.s());
                }
            });
        } catch (ResourceNotFoundException e) {
            return Map.of();
        }
        return checkpoints;
    }
}

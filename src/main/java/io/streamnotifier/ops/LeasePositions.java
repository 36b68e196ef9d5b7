package io.streamnotifier.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The stream positions as saved: each shard's lease (owner and checkpoint) in a KCL lease table, read with a Scan
 * of the few attributes shown and kept for a short while, so that a status page left open does not read the table
 * more than once every {@code maxAge}. The client is made at the first read.
 */
public final class LeasePositions implements AutoCloseable {

    /** One shard's lease: its checkpoint is a sequence number, or TRIM_HORIZON, LATEST, SHARD_END... */
    public record Lease(String shard, String owner, String checkpoint) {
    }

    private record Read(Instant at, List<Lease> leases) {
    }

    /** At most this many leases are read (a table with many ended shards is cut there). */
    static final int MAX_LEASES = 500;

    private final Supplier<DynamoDbClient> clientFactory;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();
    private DynamoDbClient client;

    public LeasePositions(Supplier<DynamoDbClient> clientFactory, Duration maxAge, Clock clock) {
        this.clientFactory = clientFactory;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The leases of a lease table, as read at most {@code maxAge} ago. */
    public List<Lease> leases(String leaseTable) {
        Read read = reads.get(leaseTable);
        if (read != null && Duration.between(read.at(), clock.instant()).compareTo(maxAge) < 0) {
            return read.leases();
        }
        synchronized (this) {
            read = reads.get(leaseTable);
            if (read == null || Duration.between(read.at(), clock.instant()).compareTo(maxAge) >= 0) {
                read = new Read(clock.instant(), scan(leaseTable));
                reads.put(leaseTable, read);
            }
            return read.leases();
        }
    }

    private List<Lease> scan(String leaseTable) {
        if (client == null) {
            client = clientFactory.get();
        }
        List<Lease> leases = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(leaseTable)
                    .projectionExpression("leaseKey, leaseOwner, #checkpoint")
                    .expressionAttributeNames(Map.of("#checkpoint", "checkpoint"));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse response = client.scan(request.build());
            for (Map<String, AttributeValue> item : response.items()) {
                leases.add(new Lease(text(item, "leaseKey"), text(item, "leaseOwner"), text(item, "checkpoint")));
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null && leases.size() < MAX_LEASES);
        return leases.size() > MAX_LEASES ? leases.subList(0, MAX_LEASES) : leases;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}

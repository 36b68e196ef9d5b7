package io.streamnotifier.stream.kcl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.streamnotifier.it.OrdersTable;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The leases a first start writes, against DynamoDB Local, on a stream with two closed shards and an open one
 * (two rollovers): one per shard, parents named, each written once however many instances try.
 */
class FirstStartLeasesIT {

    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void clients() {
        dynamo = LocalServers.client(DynamoDbClient.builder(), LocalServers.dynamoDbEndpoint()).build();
        streams = LocalServers.client(DynamoDbStreamsClient.builder(), LocalServers.dynamoDbEndpoint()).build();
    }

    @AfterAll
    static void close() {
        dynamo.close();
        streams.close();
    }

    /** A table whose stream has a record in each of three shards: closed, closed, open. */
    private static OrdersTable rolledTwice() {
        OrdersTable orders = OrdersTable.create("FirstStartLeasesIT-" + UUID.randomUUID().toString().substring(0, 8));
        for (int shard = 0; shard < 3; shard++) {
            if (shard > 0) {
                orders.rollShardsOver();
            }
            orders.put(OrdersTable.order("ORD-" + shard, "buyer@example.com", "Harvest"));
        }
        return orders;
    }

    private static Map<String, Map<String, AttributeValue>> leases(String leaseTable) {
        return dynamo.scan(b -> b.tableName(leaseTable).consistentRead(true)).items().stream()
                .collect(Collectors.toMap(item -> item.get("leaseKey").s(), Function.identity()));
    }

    private static String leaseTable(OrdersTable orders) {
        String table = orders.name() + "-leases";
        LeaseTable.createIfMissing(dynamo, table);
        return table;
    }

    @Test
    void from_the_start_every_shard_is_leased_to_this_worker_parents_first() {
        OrdersTable orders = rolledTwice();
        String leaseTable = leaseTable(orders);

        assertEquals(3, FirstStart.createLeases(dynamo, streams, leaseTable, orders.streamArn(), "w1", null));

        Map<String, Map<String, AttributeValue>> leases = leases(leaseTable);
        List<Shard> shards = orders.shards();
        assertEquals(3, leases.size());
        for (Shard shard : shards) {
            Map<String, AttributeValue> lease = leases.get(shard.shardId());
            assertEquals("TRIM_HORIZON", lease.get("checkpoint").s());
            assertEquals("w1", lease.get("leaseOwner").s());
            assertFalse(lease.containsKey(FirstStart.NOT_BEFORE));
            if (shard.parentShardId() != null) {
                assertEquals(List.of(shard.parentShardId()), lease.get("parentShardId").ss(),
                        "a child is read after its parent");
            }
        }
    }

    @Test
    void from_a_start_time_closed_shards_older_than_it_are_saved_as_read_and_the_open_one_keeps_the_time() {
        OrdersTable orders = rolledTwice();
        String leaseTable = leaseTable(orders);
        // after every record written (DynamoDB Local stamps records to the minute)
        Instant start = Instant.now().plus(Duration.ofMinutes(2));

        FirstStart.createLeases(dynamo, streams, leaseTable, orders.streamArn(), "w1", start);

        Map<String, Map<String, AttributeValue>> leases = leases(leaseTable);
        for (Shard shard : orders.shards()) {
            Map<String, AttributeValue> lease = leases.get(shard.shardId());
            if (shard.sequenceNumberRange().endingSequenceNumber() != null) {
                assertEquals("SHARD_END", lease.get("checkpoint").s(), "a closed shard older than the start");
                assertNull(lease.get("leaseOwner"), "nobody reads it");
            } else {
                assertEquals("TRIM_HORIZON", lease.get("checkpoint").s());
                assertEquals("w1", lease.get("leaseOwner").s());
                assertEquals(start.toEpochMilli(), Long.parseLong(lease.get(FirstStart.NOT_BEFORE).n()));
                assertEquals(start.toEpochMilli(),
                        FirstStart.notBefore(dynamo, leaseTable, shard.shardId()).toEpochMilli());
            }
        }
    }

    @Test
    void a_closed_shard_with_records_from_the_start_time_on_is_read_with_the_time() {
        OrdersTable orders = rolledTwice();
        String leaseTable = leaseTable(orders);
        // the minute of the records: they count as written from the start on
        Instant start = Instant.now().minus(Duration.ofMinutes(2));

        FirstStart.createLeases(dynamo, streams, leaseTable, orders.streamArn(), "w1", start);

        leases(leaseTable).values().forEach(lease -> {
            assertEquals("TRIM_HORIZON", lease.get("checkpoint").s());
            assertEquals("w1", lease.get("leaseOwner").s());
        });
    }

    @Test
    void a_second_instance_writes_no_lease_and_a_stream_read_before_gets_none() {
        OrdersTable orders = rolledTwice();
        String leaseTable = leaseTable(orders);

        assertEquals(3, FirstStart.createLeases(dynamo, streams, leaseTable, orders.streamArn(), "w1", null));
        assertEquals(0, FirstStart.createLeases(dynamo, streams, leaseTable, orders.streamArn(), "w2", null));

        assertEquals(3, leases(leaseTable).size());
        leases(leaseTable).values().forEach(lease -> assertEquals("w1", lease.get("leaseOwner").s()));
    }
}

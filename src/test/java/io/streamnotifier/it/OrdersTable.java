package io.streamnotifier.it;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.streamnotifier.it.support.LocalServers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A table of orders in DynamoDB Local, with a NEW_AND_OLD_IMAGES stream, and the writes the tests make to it. */
public final class OrdersTable {

    private final DynamoDbClient dynamo;
    private final String name;

    OrdersTable(DynamoDbClient dynamo, String name) {
        this.dynamo = dynamo;
        this.name = name;
    }

    /** Creates the table in the DynamoDB Local that the tests share. */
    public static OrdersTable create(String name) {
        return new OrdersTable(client(LocalServers.dynamoDbEndpoint()), name).createWithStream();
    }

    /** Creates the table with a stream of the given view type (KEYS_ONLY, NEW_IMAGE, ...). */
    public static OrdersTable create(String name, StreamViewType viewType) {
        return new OrdersTable(client(LocalServers.dynamoDbEndpoint()), name).createWithStream(viewType);
    }

    OrdersTable createWithStream() {
        return createWithStream(StreamViewType.NEW_AND_OLD_IMAGES);
    }

    OrdersTable createWithStream(StreamViewType viewType) {
        dynamo.createTable(b -> b.tableName(name)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(viewType).build()));
        return this;
    }

    public String streamArn() {
        return dynamo.describeTable(b -> b.tableName(name)).table().latestStreamArn();
    }

    /** The sequence number of the newest record in the table's stream (read from the start of every shard). */
    public String lastSequenceNumber() {
        try (DynamoDbStreamsClient streams = LocalServers.client(DynamoDbStreamsClient.builder(),
                LocalServers.dynamoDbEndpoint()).build()) {
            String arn = streamArn();
            String last = null;
            for (Shard shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
                String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String from = iterator;
                    var page = streams.getRecords(b -> b.shardIterator(from));
                    for (var record : page.records()) {
                        String seq = record.dynamodb().sequenceNumber();
                        if (last == null || new java.math.BigInteger(seq).compareTo(new java.math.BigInteger(last)) > 0) {
                            last = seq;
                        }
                    }
                    // an open shard's iterator never ends: stop at the first empty page
                    iterator = page.records().isEmpty() ? null : page.nextShardIterator();
                }
            }
            return last;
        }
    }

    static DynamoDbClient client(URI endpoint) {
        return LocalServers.client(DynamoDbClient.builder(), endpoint).build();
    }

    public String name() {
        return name;
    }

    /** The worker that holds the lease of the table's (single, on DynamoDB Local) open shard, if any. */
    public String leaseOwner(String leaseTable) {
        return dynamo.scan(b -> b.tableName(leaseTable).consistentRead(true)).items().stream()
                .filter(item -> !item.containsKey("checkpoint") || !"SHARD_END".equals(item.get("checkpoint").s()))
                .map(item -> item.get("leaseOwner"))
                .filter(java.util.Objects::nonNull)
                .map(AttributeValue::s)
                .findFirst().orElse(null);
    }

    /** The saved position (checkpoint) of the table's open shard, as the lease table has it. */
    public String checkpoint(String leaseTable) {
        return dynamo.scan(b -> b.tableName(leaseTable).consistentRead(true)).items().stream()
                .filter(item -> item.containsKey("checkpoint") && !"SHARD_END".equals(item.get("checkpoint").s()))
                .map(item -> item.get("checkpoint").s())
                .findFirst().orElse(null);
    }

    /** The worker that holds the KCL's leader lock (in the application's CoordinatorState table), if any. */
    public String kclLeader(String applicationName) {
        return dynamo.scan(b -> b.tableName(applicationName + "-CoordinatorState").consistentRead(true)).items().stream()
                .map(item -> item.get("ownerName"))
                .filter(java.util.Objects::nonNull)
                .map(AttributeValue::s)
                .findFirst().orElse(null);
    }

    /** An order shaped like the tutorial's: id, timestamp, email, amount, album {title, year, format}. */
    public static Map<String, AttributeValue> order(String id, String email, String title) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS(id));
        item.put("timestamp", AttributeValue.fromS("2026-11-25T10:15:00Z"));
        if (email != null) {
            item.put("email", AttributeValue.fromS(email));
        }
        item.put("amount", AttributeValue.fromN("24.99"));
        item.put("album", AttributeValue.fromM(Map.of(
                "title", AttributeValue.fromS(title),
                "year", AttributeValue.fromN("1972"),
                "format", AttributeValue.fromS("LP"))));
        return item;
    }

    public void put(Map<String, AttributeValue> item) {
        dynamo.putItem(b -> b.tableName(name).item(item));
    }

    public void setStatus(String id, String status) {
        dynamo.updateItem(b -> b.tableName(name).key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET #s = :s")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status))));
    }

    /**
     * Closes the open shard of every stream in DynamoDB Local and opens a child in its place, as DynamoDB does every
     * few hours (DynamoDB Local started with test control: see {@code local-stack/bin/dynamodb-local}).
     */
    public void rollShardsOver() {
        dynamo.putItem(b -> b.tableName("[TEST_CONTROL]").item(Map.of("ACTION", AttributeValue.fromS("ROLLOVER"))));
    }

    /**
     * Moves DynamoDB Local's stream clock forward: records written from now on are stamped {@code hours} later
     * (test control, as {@link #rollShardsOver()}). It applies to every table of the shared DynamoDB Local.
     */
    public void advanceStreamClock(int hours) {
        dynamo.putItem(b -> b.tableName("[TEST_CONTROL]").item(Map.of(
                "ACTION", AttributeValue.fromS("DILATE_TIME"), "HOURS", AttributeValue.fromS(Integer.toString(hours)))));
    }

    /** The shards of the table's stream, closed ones included, as DescribeStream lists them. */
    public List<Shard> shards() {
        try (DynamoDbStreamsClient streams = LocalServers.client(DynamoDbStreamsClient.builder(),
                LocalServers.dynamoDbEndpoint()).build()) {
            return streams.describeStream(b -> b.streamArn(streamArn())).streamDescription().shards();
        }
    }

    /** Disables the table's stream: DynamoDB closes it (readable for 24 h) and records nothing until enabled. */
    public void disableStream() {
        dynamo.updateTable(b -> b.tableName(name).streamSpecification(s -> s.streamEnabled(false)));
    }

    /** Enables the stream again: a new stream, with a new ARN. */
    public void enableStream() {
        dynamo.updateTable(b -> b.tableName(name).streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    }

    public void delete(String id) {
        dynamo.deleteItem(b -> b.tableName(name).key(Map.of("id", AttributeValue.fromS(id))));
    }
}

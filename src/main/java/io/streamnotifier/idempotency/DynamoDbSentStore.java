package io.streamnotifier.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.streamnotifier.DynamoTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The sent-records store as a DynamoDB table shared by every instance: one item per route and delivered record.
 * Its hash key {@code eventId} holds {@code ROUTE#EVENTID} (see {@link #key}); the item also has {@code route},
 * {@code eventID}, {@code messageId}, {@code sentAt}, and {@code expiresAt} (epoch seconds) for the table's
 * time-to-live, which is longer than the stream's 24 h retention so a record cannot outlive its entry. Reads are
 * strongly consistent.
 * <p>
 * Items written before the key held the route (the bare eventID, by the e-mail routes) are not read: see the
 * docs/delivery.md for what that means at an upgrade. They expire with their TTL.
 */
public class DynamoDbSentStore implements SentStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration timeToLive;
    private final Clock clock;

    public DynamoDbSentStore(DynamoDbClient dynamo, String table, Duration timeToLive, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    /** Creates the table (on-demand capacity, TTL on {@code expiresAt}) unless it exists. */
    public void createTableIfMissing() {
        boolean created = DynamoTables.createIfMissing(dynamo, table, "sent-records", b -> b
                .attributeDefinitions(a -> a.attributeName("eventId").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("eventId").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        if (created) {
            dynamo.updateTimeToLive(b -> b.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        }
    }

    /**
     * The item's key: the route id, {@code #}, the eventID. An eventID (DynamoDB's, a hex string) never holds a
     * {@code #}, so no key of one route can be another route's, nor an item of the old eventID-only scheme.
     */
    static String key(String routeId, String eventId) {
        return routeId + "#" + eventId;
    }

    @Override
    public boolean wasSent(String routeId, String eventId) {
        return dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("eventId", AttributeValue.fromS(key(routeId, eventId))))
                .projectionExpression("eventId")).hasItem();
    }

    /** BatchGetItem, 100 keys a call (DynamoDB's limit), strongly consistent; unprocessed keys are asked again. */
    @Override
    public Set<String> sentAmong(String routeId, Collection<String> eventIds) {
        Set<String> sent = new HashSet<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(eventIds));
        String prefix = key(routeId, "");
        for (int from = 0; from < ids.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(ids.size(), from + 100)).stream()
                    .map(id -> Map.of("eventId", AttributeValue.fromS(key(routeId, id)))).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .consistentRead(true).projectionExpression("eventId").build());
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt > 0) {
                    // throttled keys: back off a little, as the SDK does between retries
                    java.util.concurrent.locks.LockSupport.parkNanos(Math.min(1000, 25L << attempt) * 1_000_000L);
                }
                Map<String, KeysAndAttributes> ask = request;
                var response = dynamo.batchGetItem(b -> b.requestItems(ask));
                response.responses().getOrDefault(table, List.of())
                        .forEach(item -> sent.add(item.get("eventId").s().substring(prefix.length())));
                request = response.unprocessedKeys();
            }
        }
        return sent;
    }

    @Override
    public void markSent(String routeId, String eventId, String messageId) {
        var now = clock.instant();
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                "eventId", AttributeValue.fromS(key(routeId, eventId)),
                "route", AttributeValue.fromS(routeId),
                "eventID", AttributeValue.fromS(eventId),
                "messageId", AttributeValue.fromS(messageId == null ? "-" : messageId),
                "sentAt", AttributeValue.fromS(now.toString()),
                "expiresAt", AttributeValue.fromN(Long.toString(now.plus(timeToLive).getEpochSecond())))));
    }

    @Override
    public String describe() {
        return "DynamoDB table " + table;
    }
}

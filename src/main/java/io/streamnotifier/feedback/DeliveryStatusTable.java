package io.streamnotifier.feedback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.streamnotifier.DynamoTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The delivery status table: one item per order and route (hash key {@code orderKey}, range key {@code route}),
 * with {@code state}, {@code recipient} (masked, never the address), {@code messageId}, {@code acceptedAt},
 * {@code updatedAt}, one {@code <state>At} per state reached, {@code bounceType}/{@code bounceSubType}, and
 * {@code events}, the list of every event (state, time, detail). A global secondary index on {@code messageId}
 * ties an event without the order's tags back to its order.
 * <p>
 * Events can arrive out of order (SES's Delivery before its Send): the state only moves forward, by
 * {@link #rank}; every event is appended to the list whatever its order.
 */
public class DeliveryStatusTable {

    static final String MESSAGE_ID_INDEX = "messageId-index";

    private final DynamoDbClient dynamo;
    private final String table;

    public DeliveryStatusTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** Creates the table (on-demand capacity, the message-id index) unless it exists. */
    public void createTableIfMissing() {
        DynamoTables.createIfMissing(dynamo, table, "delivery status", b -> b
                .attributeDefinitions(
                        a -> a.attributeName("orderKey").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("route").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("messageId").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("orderKey").keyType(KeyType.HASH),
                        k -> k.attributeName("route").keyType(KeyType.RANGE))
                .globalSecondaryIndexes(i -> i.indexName(MESSAGE_ID_INDEX)
                        .keySchema(k -> k.attributeName("messageId").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    /** How far along a state is; an event never moves the state back. */
    static int rank(String state) {
        return switch (state) {
            case "accepted" -> 0;
            case "sent" -> 1;
            case "delayed" -> 2;
            case "delivered" -> 3;
            case "bounced", "rejected", "rendering-failed" -> 4;
            case "complained" -> 5;
            default -> 0;
        };
    }

    /** SES accepted the order's e-mail: a new life starts (a replayed e-mail's too), with its message id. */
    public void accepted(String route, String orderKey, String messageId, String maskedRecipient, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":state", AttributeValue.fromS("accepted"));
        values.put(":rank", AttributeValue.fromN("0"));
        values.put(":at", AttributeValue.fromS(at.toString()));
        values.put(":recipient", AttributeValue.fromS(maskedRecipient));
        values.put(":messageId", AttributeValue.fromS(messageId == null ? "-" : messageId));
        values.put(":event", AttributeValue.fromL(List.of(event("accepted", at, null))));
        values.put(":none", AttributeValue.fromL(List.of()));
        dynamo.updateItem(b -> b.tableName(table).key(key(orderKey, route))
                .updateExpression("SET #state = :state, stateRank = :rank, acceptedAt = :at, updatedAt = :at, "
                        + "recipient = :recipient, messageId = :messageId, "
                        + "events = list_append(if_not_exists(events, :none), :event)")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(values));
    }

    /**
     * Records an event of the order's e-mail: appended to its events, its {@code <state>At} set, and its state
     * moved forward if the event is further along.
     */
    public void record(String route, String orderKey, SesEvent event, String maskedRecipient) {
        String state = event.type().state();
        String detail = detail(event);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":state", AttributeValue.fromS(state));
        values.put(":rank", AttributeValue.fromN(Integer.toString(rank(state))));
        values.put(":at", AttributeValue.fromS(event.at().toString()));
        values.put(":recipient", AttributeValue.fromS(maskedRecipient));
        values.put(":messageId", AttributeValue.fromS(event.messageId()));
        values.put(":event", AttributeValue.fromL(List.of(event(state, event.at(), detail))));
        values.put(":none", AttributeValue.fromL(List.of()));
        StringBuilder set = new StringBuilder("SET updatedAt = :at, #stateAt = :at, "
                + "recipient = if_not_exists(recipient, :recipient), messageId = if_not_exists(messageId, :messageId), "
                + "events = list_append(if_not_exists(events, :none), :event)");
        if (event.bounceType() != null) {
            set.append(", bounceType = :bounceType, bounceSubType = :bounceSubType");
            values.put(":bounceType", AttributeValue.fromS(event.bounceType()));
            values.put(":bounceSubType", AttributeValue.fromS(event.bounceSubType() == null ? "-"
                    : event.bounceSubType()));
        }
        Map<String, String> names = new HashMap<>(Map.of("#stateAt", stateAttribute(state)));
        try {
            names.put("#state", "state");
            dynamo.updateItem(b -> b.tableName(table).key(key(orderKey, route))
                    .updateExpression(set + ", #state = :state, stateRank = :rank")
                    .conditionExpression("attribute_not_exists(stateRank) OR stateRank <= :rank")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // a later state is already there (the events came out of order): keep it, add the event
            names.remove("#state");
            values.remove(":state");
            values.remove(":rank");
            dynamo.updateItem(b -> b.tableName(table).key(key(orderKey, route))
                    .updateExpression(set.toString())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
        }
    }

    /** The order and route whose e-mail SES gave this message id, or null if none is known. */
    public String[] orderOf(String messageId) {
        var items = dynamo.query(b -> b.tableName(table).indexName(MESSAGE_ID_INDEX)
                .keyConditionExpression("messageId = :m")
                .expressionAttributeValues(Map.of(":m", AttributeValue.fromS(messageId)))).items();
        if (items.isEmpty()) {
            return null;
        }
        return new String[] {items.get(0).get("orderKey").s(), items.get(0).get("route").s()};
    }

    /** The status of the order's e-mails, one per route (only {@code route}'s when it is not null). */
    public List<DeliveryStatus> find(String orderKey, String route) {
        List<DeliveryStatus> out = new ArrayList<>();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> from = null;
        do {
            Map<String, AttributeValue> start = from;
            var page = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("orderKey = :k")
                    .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(orderKey)))
                    .exclusiveStartKey(start));
            items.addAll(page.items());
            from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (from != null);
        for (Map<String, AttributeValue> item : items) {
            if (route != null && !route.equals(item.get("route").s())) {
                continue;
            }
            List<DeliveryStatus.Event> events = new ArrayList<>();
            for (AttributeValue value : item.getOrDefault("events", AttributeValue.fromL(List.of())).l()) {
                Map<String, AttributeValue> e = value.m();
                events.add(new DeliveryStatus.Event(text(e, "state"), instant(text(e, "at")), text(e, "detail")));
            }
            out.add(new DeliveryStatus(orderKey, item.get("route").s(), text(item, "state"), text(item, "recipient"),
                    text(item, "messageId"), instant(text(item, "acceptedAt")), events));
        }
        return out;
    }

    /** The event's detail as the status shows it: a bounce's type and sub-type, else the parser's detail. */
    static String detail(SesEvent event) {
        if (event.bounceType() != null) {
            return event.bounceType() + "/" + (event.bounceSubType() == null ? "-" : event.bounceSubType());
        }
        return event.detail();
    }

    private static String stateAttribute(String state) {
        return switch (state) {
            case "rendering-failed" -> "renderingFailedAt";
            default -> state + "At";
        };
    }

    private static AttributeValue event(String state, Instant at, String detail) {
        Map<String, AttributeValue> event = new HashMap<>();
        event.put("state", AttributeValue.fromS(state));
        event.put("at", AttributeValue.fromS(at.toString()));
        if (detail != null) {
            event.put("detail", AttributeValue.fromS(detail));
        }
        return AttributeValue.fromM(event);
    }

    private static Map<String, AttributeValue> key(String orderKey, String route) {
        return Map.of("orderKey", AttributeValue.fromS(orderKey), "route", AttributeValue.fromS(route));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}

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
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The suppressed addresses, shared by every route and instance: one item per address, keyed by its hash
 * ({@code addressHash}, see {@link AddressHash}), with the masked address for display, the reason (bounce
 * type/sub-type or complaint), since when, and the route, order and SES message id that caused it. The address
 * itself is not stored.
 */
public class SuppressionTable {

    /** One suppressed address. */
    public record Entry(String addressHash, String recipient, String reason, Instant since, String route,
            String orderKey, String messageId) {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public SuppressionTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** Creates the table (on-demand capacity) unless it exists. */
    public void createTableIfMissing() {
        DynamoTables.createIfMissing(dynamo, table, "suppression", b -> b
                .attributeDefinitions(a -> a.attributeName("addressHash").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("addressHash").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    /** Suppresses an address; an address suppressed already keeps its first time and gets the latest reason. */
    public void suppress(Entry entry) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":recipient", AttributeValue.fromS(entry.recipient()));
        values.put(":reason", AttributeValue.fromS(entry.reason()));
        values.put(":since", AttributeValue.fromS(entry.since().toString()));
        values.put(":route", AttributeValue.fromS(entry.route()));
        values.put(":orderKey", AttributeValue.fromS(entry.orderKey()));
        values.put(":messageId", AttributeValue.fromS(entry.messageId()));
        dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of("addressHash", AttributeValue.fromS(entry.addressHash())))
                .updateExpression("SET recipient = :recipient, reason = :reason, since = if_not_exists(since, :since), "
                        + "#route = :route, orderKey = :orderKey, messageId = :messageId")
                .expressionAttributeNames(Map.of("#route", "route"))
                .expressionAttributeValues(values));
    }

    /** The entry of an address hash, or null when the address is not suppressed. */
    public Entry find(String addressHash) {
        var response = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("addressHash", AttributeValue.fromS(addressHash))));
        return response.hasItem() && !response.item().isEmpty() ? entry(response.item()) : null;
    }

    /** Every suppressed address, oldest first. */
    public List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        Map<String, AttributeValue> from = null;
        do {
            Map<String, AttributeValue> start = from;
            var page = dynamo.scan(b -> b.tableName(table).consistentRead(true).exclusiveStartKey(start));
            page.items().forEach(item -> entries.add(entry(item)));
            from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (from != null);
        entries.sort(java.util.Comparator.comparing(Entry::since, java.util.Comparator.nullsFirst(
                java.util.Comparator.naturalOrder())));
        return entries;
    }

    /** Lifts the suppression of an address; returns its entry, or null if it was not suppressed. */
    public Entry remove(String addressHash) {
        var response = dynamo.deleteItem(b -> b.tableName(table)
                .key(Map.of("addressHash", AttributeValue.fromS(addressHash))).returnValues(ReturnValue.ALL_OLD));
        return response.hasAttributes() && !response.attributes().isEmpty() ? entry(response.attributes()) : null;
    }

    private static Entry entry(Map<String, AttributeValue> item) {
        String since = text(item, "since");
        return new Entry(text(item, "addressHash"), text(item, "recipient"), text(item, "reason"),
                since == null ? null : Instant.parse(since), text(item, "route"), text(item, "orderKey"),
                text(item, "messageId"));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}

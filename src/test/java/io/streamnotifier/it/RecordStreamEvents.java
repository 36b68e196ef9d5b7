package io.streamnotifier.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamnotifier.it.support.LocalServers;
import io.streamnotifier.stream.StreamRecordJson;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Records the stream events under src/test/resources/events/ from a real DynamoDB Local: each file is one record
 * exactly as GetRecords returned it (written with {@link StreamRecordJson}). Run it again when the fixtures must
 * change, with DynamoDB Local listening at the given endpoint:
 *
 * <pre>
 * local-stack/bin/dynamodb-local 8000 &amp;
 * java -cp "target/test-classes:target/stream-notifier.jar" io.streamnotifier.it.RecordStreamEvents \
 *     http://127.0.0.1:8000 src/test/resources/events
 * </pre>
 */
public final class RecordStreamEvents {

    private RecordStreamEvents() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        String table = "Orders-fixtures-" + System.currentTimeMillis();
        OrdersTable orders = new OrdersTable(OrdersTable.client(endpoint), table).createWithStream();

        List<String> names = new ArrayList<>();
        orders.put(OrdersTable.order("ORD-1001", "jane.doe@example.com", "Harvest"));
        names.add("insert");
        orders.put(everyType());
        names.add("insert-every-attribute-type");
        orders.setStatus("ORD-1001", "SHIPPED");
        names.add("modify");
        orders.delete("ORD-1001");
        names.add("remove");
        orders.put(OrdersTable.order("ORD-1003", null, "Harvest"));
        names.add("insert-missing-email");
        orders.put(OrdersTable.order("ORD-1004", "not-an-address@", "Harvest"));
        names.add("insert-invalid-email");
        orders.put(OrdersTable.order("ORD-1005", "jane@example.com\r\nBcc: everyone@example.org", "Harvest"));
        names.add("insert-crlf-email");
        orders.put(OrdersTable.order("ORD-1006", "alex@example.com", "<script>alert(1)</script> & \"quotes\""));
        names.add("insert-hostile-html");

        List<Record> records = readAll(endpoint, orders.streamArn());
        if (records.size() != names.size()) {
            throw new IllegalStateException("expected " + names.size() + " records, read " + records.size());
        }
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < names.size(); i++) {
            Path file = out.resolve(names.get(i) + ".json");
            mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), StreamRecordJson.toJson(records.get(i)));
            System.out.println("wrote " + file);
        }
    }

    /** One attribute of every DynamoDB type, with values that a double or a sloppy mapping would change. */
    static Map<String, AttributeValue> everyType() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS("ORD-1002"));
        item.put("email", AttributeValue.fromS("sam.lee@example.com"));
        item.put("amount", AttributeValue.fromN("12345678901234567890.123456789"));
        item.put("quantity", AttributeValue.fromN("-3"));
        item.put("giftWrap", AttributeValue.fromBool(true));
        item.put("coupon", AttributeValue.fromNul(true));
        item.put("signature", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 0xff})));
        item.put("tags", AttributeValue.fromSs(List.of("vinyl", "used")));
        item.put("trackLengths", AttributeValue.fromNs(List.of("215", "0.5", "1E+2")));
        item.put("checksums", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}),
                SdkBytes.fromByteArray(new byte[] {2, 3}))));
        item.put("album", AttributeValue.fromM(Map.of(
                "title", AttributeValue.fromS("Blue"),
                "year", AttributeValue.fromN("1971"),
                "format", AttributeValue.fromS("CD"))));
        item.put("history", AttributeValue.fromL(List.of(AttributeValue.fromS("placed"), AttributeValue.fromN("1.10"),
                AttributeValue.fromM(Map.of("paid", AttributeValue.fromBool(false))),
                AttributeValue.fromL(List.of(AttributeValue.fromNul(true))))));
        return item;
    }

    private static List<Record> readAll(URI endpoint, String streamArn) {
        try (DynamoDbStreamsClient streams = LocalServers.client(DynamoDbStreamsClient.builder(), endpoint).build()) {
            String shardId = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0)
                    .shardId();
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<Record> records = new ArrayList<>();
            var response = streams.getRecords(b -> b.shardIterator(iterator));
            records.addAll(response.records());
            return records;
        }
    }
}

package io.streamnotifier.stream;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Writes a stream record as the JSON that DynamoDB Streams' GetRecords returns (and that a Lambda event carries),
 * and reads it back. Dead letters keep the original record in this form so that nothing of it is lost and it can be
 * replayed; test fixtures are recorded in it.
 */
public final class StreamRecordJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private StreamRecordJson() {
    }

    public static ObjectNode toJson(Record record) {
        ObjectNode node = JSON.objectNode();
        putIfPresent(node, "eventID", record.eventID());
        putIfPresent(node, "eventName", record.eventNameAsString());
        putIfPresent(node, "eventVersion", record.eventVersion());
        putIfPresent(node, "eventSource", record.eventSource());
        putIfPresent(node, "awsRegion", record.awsRegion());
        StreamRecord data = record.dynamodb();
        if (data != null) {
            ObjectNode dynamodb = node.putObject("dynamodb");
            if (data.approximateCreationDateTime() != null) {
                dynamodb.put("ApproximateCreationDateTime",
                        BigDecimal.valueOf(data.approximateCreationDateTime().toEpochMilli(), 3));
            }
            if (data.hasKeys()) {
                dynamodb.set("Keys", item(data.keys()));
            }
            if (data.hasNewImage()) {
                dynamodb.set("NewImage", item(data.newImage()));
            }
            if (data.hasOldImage()) {
                dynamodb.set("OldImage", item(data.oldImage()));
            }
            putIfPresent(dynamodb, "SequenceNumber", data.sequenceNumber());
            if (data.sizeBytes() != null) {
                dynamodb.put("SizeBytes", data.sizeBytes());
            }
            putIfPresent(dynamodb, "StreamViewType", data.streamViewTypeAsString());
        }
        Identity identity = record.userIdentity();
        if (identity != null) {
            ObjectNode user = node.putObject("userIdentity");
            putIfPresent(user, "PrincipalId", identity.principalId());
            putIfPresent(user, "Type", identity.type());
        }
        return node;
    }

    public static Record fromJson(JsonNode node) {
        Record.Builder record = Record.builder()
                .eventID(text(node, "eventID"))
                .eventName(text(node, "eventName"))
                .eventVersion(text(node, "eventVersion"))
                .eventSource(text(node, "eventSource"))
                .awsRegion(text(node, "awsRegion"));
        JsonNode data = node.get("dynamodb");
        if (data != null) {
            StreamRecord.Builder stream = StreamRecord.builder()
                    .sequenceNumber(text(data, "SequenceNumber"))
                    .streamViewType(text(data, "StreamViewType"));
            if (data.hasNonNull("ApproximateCreationDateTime")) {
                BigDecimal seconds = data.get("ApproximateCreationDateTime").decimalValue();
                stream.approximateCreationDateTime(Instant.ofEpochMilli(seconds.movePointRight(3).longValue()));
            }
            if (data.hasNonNull("SizeBytes")) {
                stream.sizeBytes(data.get("SizeBytes").longValue());
            }
            if (data.has("Keys")) {
                stream.keys(item(data.get("Keys")));
            }
            if (data.has("NewImage")) {
                stream.newImage(item(data.get("NewImage")));
            }
            if (data.has("OldImage")) {
                stream.oldImage(item(data.get("OldImage")));
            }
            record.dynamodb(stream.build());
        }
        JsonNode user = node.get("userIdentity");
        if (user != null) {
            record.userIdentity(Identity.builder().principalId(text(user, "PrincipalId")).type(text(user, "Type")).build());
        }
        return record.build();
    }

    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.objectNode();
        item.forEach((name, value) -> node.set(name, attribute(value)));
        return node;
    }

    public static Map<String, AttributeValue> item(JsonNode node) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            item.put(field.getKey(), attribute(field.getValue()));
        }
        return item;
    }

    private static ObjectNode attribute(AttributeValue value) {
        ObjectNode node = JSON.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case M -> node.set("M", item(value.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(v -> list.add(attribute(v)));
            }
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode set = node.putArray("BS");
                value.bs().forEach(b -> set.add(base64(b)));
            }
            case UNKNOWN_TO_SDK_VERSION -> node.put("UNKNOWN", value.toString());
        }
        return node;
    }

    private static AttributeValue attribute(JsonNode node) {
        AttributeValue.Builder value = AttributeValue.builder();
        if (node.has("S")) {
            value.s(node.get("S").asText());
        } else if (node.has("N")) {
            value.n(node.get("N").asText());
        } else if (node.has("B")) {
            value.b(bytes(node.get("B")));
        } else if (node.has("BOOL")) {
            value.bool(node.get("BOOL").asBoolean());
        } else if (node.has("NULL")) {
            value.nul(true);
        } else if (node.has("M")) {
            value.m(item(node.get("M")));
        } else if (node.has("L")) {
            List<AttributeValue> list = new ArrayList<>();
            node.get("L").forEach(v -> list.add(attribute(v)));
            value.l(list);
        } else if (node.has("SS")) {
            List<String> set = new ArrayList<>();
            node.get("SS").forEach(v -> set.add(v.asText()));
            value.ss(set);
        } else if (node.has("NS")) {
            List<String> set = new ArrayList<>();
            node.get("NS").forEach(v -> set.add(v.asText()));
            value.ns(set);
        } else if (node.has("BS")) {
            List<SdkBytes> set = new ArrayList<>();
            node.get("BS").forEach(v -> set.add(bytes(v)));
            value.bs(set);
        } else {
            throw new IllegalArgumentException("not a DynamoDB attribute value: fields " + fieldNames(node));
        }
        return value.build();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }

    private static SdkBytes bytes(JsonNode node) {
        return SdkBytes.fromByteArray(Base64.getDecoder().decode(node.asText()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}

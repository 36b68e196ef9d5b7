package io.streamnotifier.deadletter;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record that could not be notified, with everything needed to understand and replay it: the original stream
 * record (as DynamoDB Streams returns it), where it came from, why it failed and how often it was tried.
 */
public record DeadLetter(
        String routeId,
        String table,
        String eventId,
        String sequenceNumber,
        String errorClass,
        String errorMessage,
        int attempts,
        Instant failedAt,
        JsonNode record) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    public ObjectNode toJson() {
        ObjectNode node = JSON.objectNode();
        node.put("failedAt", failedAt.toString());
        node.put("routeId", routeId);
        node.put("table", table);
        node.put("eventID", eventId);
        node.put("sequenceNumber", sequenceNumber);
        node.put("errorClass", errorClass);
        node.put("errorMessage", errorMessage);
        node.put("attempts", attempts);
        node.set("record", record);
        return node;
    }

    public static DeadLetter fromJson(JsonNode node) {
        return new DeadLetter(
                text(node, "routeId"),
                text(node, "table"),
                text(node, "eventID"),
                text(node, "sequenceNumber"),
                text(node, "errorClass"),
                text(node, "errorMessage"),
                node.path("attempts").asInt(),
                Instant.parse(node.path("failedAt").asText()),
                node.get("record"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}

package io.streamnotifier.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.Json;
import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.stream.StreamRecordJson;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * What {@code render} renders: the JSON of a file or of standard input, made into a stream record (a record as
 * DynamoDB Streams returns it, a Lambda event with one record, or a DynamoDB item in the AWS CLI's form), or the
 * record of a dead letter found by its eventID.
 */
final class RenderInput {

    private RenderInput() {
    }

    /** The input's JSON, or null when it names no file (then it is an eventID). */
    static JsonNode read(String input) throws IOException {
        if (input.equals("-")) {
            return Json.MAPPER.readTree(System.in);
        }
        Path file = Path.of(input);
        return Files.isRegularFile(file) ? Json.MAPPER.readTree(file.toFile()) : null;
    }

    /** A stream record; or a DynamoDB item (CLI JSON form) made into a record of the given event type. */
    static Record record(JsonNode json, String event) {
        if (json.has("Records") && json.get("Records").isArray()) {
            if (json.get("Records").size() != 1) {
                throw new IllegalArgumentException("an event with " + json.get("Records").size()
                        + " records; give one");
            }
            json = json.get("Records").get(0);
        }
        if (json.has("dynamodb")) {
            return StreamRecordJson.fromJson(json);
        }
        JsonNode itemJson = json.has("Item") ? json.get("Item") : json;
        if (!itemJson.isObject() || itemJson.isEmpty()) {
            throw new IllegalArgumentException("neither a stream record (no dynamodb field) nor a DynamoDB item");
        }
        Map<String, AttributeValue> item;
        try {
            item = StreamRecordJson.item(itemJson);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("neither a stream record (no dynamodb field) nor a DynamoDB item in "
                    + "the AWS CLI's JSON form (" + e.getMessage() + ")");
        }
        StreamRecord.Builder data = StreamRecord.builder()
                .approximateCreationDateTime(Instant.now())
                .sequenceNumber("0")
                .streamViewType("NEW_AND_OLD_IMAGES");
        if (event.equals("REMOVE")) {
            data.oldImage(item);
        } else {
            data.newImage(item);
        }
        AttributeValue id = item.get("id");
        return Record.builder()
                .eventID("render-" + (id != null && id.s() != null ? id.s() : "item"))
                .eventName(event)
                .eventSource("aws:dynamodb")
                .dynamodb(data.build())
                .build();
    }

    /** The dead letter with this eventID in the file store (or a file a stopped replay moved aside), or null. */
    static DeadLetter findDeadLetter(Path file, String eventId) throws IOException {
        List<Path> files = new ArrayList<>();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try (Stream<Path> siblings = Files.list(parent)) {
                siblings.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + ".replaying-"))
                        .sorted().forEach(files::add);
            }
        }
        files.add(file);
        DeadLetter found = null;
        for (Path path : files) {
            if (!Files.isRegularFile(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                try {
                    DeadLetter deadLetter = DeadLetter.fromJson(Json.MAPPER.readTree(line));
                    if (eventId.equals(deadLetter.eventId()) && deadLetter.record() != null) {
                        found = deadLetter; // the newest wins
                    }
                } catch (IOException | RuntimeException e) {
                    // not a dead letter (cut short, edited by hand): not this one
                }
            }
        }
        return found;
    }
}

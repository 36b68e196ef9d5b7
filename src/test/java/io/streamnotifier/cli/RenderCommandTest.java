package io.streamnotifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.Json;
import io.streamnotifier.deadletter.DeadLetter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** The input forms of {@code render} and its usage errors, without starting the service. */
class RenderCommandTest {

    @TempDir
    Path dir;

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void a_stream_record_a_lambda_event_and_an_item_become_the_record_the_route_gets() throws Exception {
        JsonNode stream = Json.MAPPER.readTree(Path.of("examples", "records", "order-cancelled.json").toFile());
        Record removed = RenderInput.record(stream, "INSERT");
        assertEquals("REMOVE", removed.eventNameAsString(), "a stream record keeps its own event name");
        assertEquals("sample-order-cancelled", removed.eventID());

        Record fromEvent = RenderInput.record(json("{\"Records\":[" + stream + "]}"), "INSERT");
        assertEquals("REMOVE", fromEvent.eventNameAsString());
        assertThrows(IllegalArgumentException.class,
                () -> RenderInput.record(json("{\"Records\":[" + stream + "," + stream + "]}"), "INSERT"));

        Record item = RenderInput.record(Json.MAPPER.readTree(Path.of("examples", "records", "order-item-de.json")
                .toFile()), "INSERT");
        assertEquals("INSERT", item.eventNameAsString());
        assertEquals("render-ORD-1002", item.eventID());
        assertEquals("de-DE", item.dynamodb().newImage().get("locale").s());

        Record bare = RenderInput.record(json("{\"id\":{\"S\":\"ORD-9\"},\"amount\":{\"N\":\"1\"}}"), "REMOVE");
        assertEquals("REMOVE", bare.eventNameAsString());
        assertTrue(bare.dynamodb().hasOldImage(), "a REMOVE carries the item as its OldImage");
        assertFalse(bare.dynamodb().hasNewImage());

        IllegalArgumentException neither = assertThrows(IllegalArgumentException.class,
                () -> RenderInput.record(json("{\"id\":\"ORD-9\"}"), "INSERT"));
        assertTrue(neither.getMessage().startsWith("neither a stream record"), neither.getMessage());
    }

    @Test
    void a_dead_letter_is_found_by_its_event_id_past_unreadable_lines_and_in_files_a_replay_moved_aside()
            throws Exception {
        JsonNode record = Json.MAPPER.readTree(Path.of("examples", "records", "order-confirmation.json").toFile());
        Path store = dir.resolve("dead-letters.jsonl");
        Files.write(store, List.of("{cut short", letter("e-1", "newest", record)));
        Files.write(dir.resolve("dead-letters.jsonl.replaying-1"), List.of(letter("e-1", "older", record),
                letter("e-2", "moved aside", record)));
        assertEquals("newest", RenderInput.findDeadLetter(store, "e-1").errorMessage());
        assertEquals("moved aside", RenderInput.findDeadLetter(store, "e-2").errorMessage());
        assertNull(RenderInput.findDeadLetter(store, "e-3"));
    }

    @Test
    void usage_errors_end_with_status_2_before_anything_starts() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(2, RenderCommand.run(new String[0], out));
        assertEquals(2, RenderCommand.run(new String[] {"--route"}, out));
        assertEquals(2, RenderCommand.run(new String[] {"--event", "UPSERT", "x.json"}, out));
        assertEquals(2, RenderCommand.run(new String[] {"a.json", "b.json"}, out));
        assertEquals(0, RenderCommand.run(new String[] {"--help"}, out));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("usage: render"));
    }

    private static String letter(String eventId, String reason, JsonNode record) {
        return new DeadLetter("order-confirmation", "Orders", eventId, "1", "x", reason, 1, Instant.now(), record)
                .toJson().toString();
    }
}

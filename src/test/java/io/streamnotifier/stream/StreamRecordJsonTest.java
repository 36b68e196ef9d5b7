package io.streamnotifier.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import io.streamnotifier.Json;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;

class StreamRecordJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"insert", "insert-every-attribute-type", "modify", "remove", "insert-missing-email",
            "insert-invalid-email", "insert-crlf-email", "insert-hostile-html"})
    void every_recorded_event_reads_and_writes_back_unchanged(String fixture) throws Exception {
        var json = Fixtures.json(fixture);
        Record record = StreamRecordJson.fromJson(json);
        assertEquals(Json.MAPPER.writeValueAsString(json), Json.MAPPER.writeValueAsString(StreamRecordJson.toJson(record)));
        assertEquals(json.path("eventID").asText(), record.eventID());
        assertEquals(json.at("/dynamodb/SequenceNumber").asText(), record.dynamodb().sequenceNumber());
    }

    @ParameterizedTest
    @ValueSource(strings = {"modify", "remove"})
    void modify_and_remove_carry_the_old_image(String fixture) throws Exception {
        Record record = Fixtures.record(fixture);
        assertEquals(fixture.equals("modify") ? OperationType.MODIFY : OperationType.REMOVE, record.eventName());
        assertEquals("ORD-1001", record.dynamodb().oldImage().get("id").s());
        assertEquals(fixture.equals("modify"), record.dynamodb().hasNewImage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"insert"})
    void the_creation_time_is_kept_to_the_millisecond(String fixture) throws Exception {
        Record record = Fixtures.record(fixture);
        Instant created = record.dynamodb().approximateCreationDateTime();
        assertEquals(Fixtures.json(fixture).at("/dynamodb/ApproximateCreationDateTime").decimalValue()
                .movePointRight(3).longValueExact(), created.toEpochMilli());
    }
}

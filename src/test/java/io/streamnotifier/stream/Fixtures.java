package io.streamnotifier.stream;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.Json;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** The recorded stream events under src/test/resources/events/ (see RecordStreamEvents). */
public final class Fixtures {

    private Fixtures() {
    }

    public static JsonNode json(String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/events/" + name + ".json")) {
            if (in == null) {
                throw new IOException("no fixture events/" + name + ".json");
            }
            return Json.MAPPER.readTree(in);
        }
    }

    public static Record record(String name) throws IOException {
        return StreamRecordJson.fromJson(json(name));
    }
}

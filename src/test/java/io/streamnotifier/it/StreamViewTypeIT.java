package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The stream's view type is checked at start: a route that needs images the table's stream does not carry fails to
 * start, with the table, the view type found and the one needed, instead of dead-lettering every record. Run as the
 * packaged jar (the way the image runs it), which must exit.
 */
class StreamViewTypeIT {

    @Test
    void the_order_confirmation_fails_at_start_on_a_keys_only_stream() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("StreamViewTypeIT-keys", StreamViewType.KEYS_ONLY);
        String table = fixture.table();
        String output = runUntilExit(fixture, null);
        assertTrue(output.contains("the stream of table " + table + " has view type KEYS_ONLY but the route needs "
                + "NEW_IMAGE or NEW_AND_OLD_IMAGES"), output);
    }

    @Test
    void the_shipping_example_fails_at_start_on_a_stream_without_old_images() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("StreamViewTypeIT-new", StreamViewType.NEW_IMAGE);
        String table = fixture.table();
        String output = runUntilExit(fixture, "order-shipped.camel.yaml");
        assertTrue(output.contains("the stream of table " + table + " has view type NEW_IMAGE but the route needs "
                + "NEW_AND_OLD_IMAGES"), output);
    }

    /** Starts the jar with routes/ (and one example route), waits for it to exit, returns its output. */
    private static String runUntilExit(ProcessFixture fixture, String example) throws Exception {
        try (ServiceProcess service = fixture.service()) {
            if (example != null) {
                Files.copy(Path.of("examples", "routes", example), service.dir().resolve("routes").resolve(example));
            }
            service.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> !service.running());
            String output = service.output();
            assertFalse(output.contains("Started order-confirmation"), output);
            return output;
        }
    }
}

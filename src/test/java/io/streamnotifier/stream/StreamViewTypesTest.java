package io.streamnotifier.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamViewTypesTest {

    @Test
    void a_stream_satisfies_a_route_when_it_carries_every_image_the_route_reads() {
        assertTrue(StreamViewTypes.satisfies("KEYS_ONLY", "KEYS_ONLY"));
        assertFalse(StreamViewTypes.satisfies("KEYS_ONLY", "NEW_IMAGE"));
        assertFalse(StreamViewTypes.satisfies("KEYS_ONLY", "OLD_IMAGE"));
        assertTrue(StreamViewTypes.satisfies("NEW_IMAGE", "NEW_IMAGE"));
        assertFalse(StreamViewTypes.satisfies("NEW_IMAGE", "OLD_IMAGE"));
        assertFalse(StreamViewTypes.satisfies("NEW_IMAGE", "NEW_AND_OLD_IMAGES"));
        assertTrue(StreamViewTypes.satisfies("OLD_IMAGE", "OLD_IMAGE"));
        assertFalse(StreamViewTypes.satisfies("OLD_IMAGE", "NEW_IMAGE"));
        assertTrue(StreamViewTypes.satisfies("NEW_AND_OLD_IMAGES", "NEW_IMAGE"));
        assertTrue(StreamViewTypes.satisfies("NEW_AND_OLD_IMAGES", "OLD_IMAGE"));
        assertTrue(StreamViewTypes.satisfies("NEW_AND_OLD_IMAGES", "NEW_AND_OLD_IMAGES"));
    }
}

package io.streamnotifier.stream;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The start-up check that a table's stream carries the images a route needs. A stream's view type decides what its
 * records hold: {@code KEYS_ONLY} (the key attributes), {@code NEW_IMAGE}, {@code OLD_IMAGE} or
 * {@code NEW_AND_OLD_IMAGES}. A route that needs, say, the OldImage to compare a status before and after would
 * otherwise dead-letter every record; it fails at start instead, naming the table and both view types.
 */
public final class StreamViewTypes {

    private StreamViewTypes() {
    }

    /** Whether a stream of view type {@code found} carries what a route needing {@code needed} reads. */
    public static boolean satisfies(String found, String needed) {
        return switch (needed) {
            case "KEYS_ONLY" -> true;
            case "NEW_IMAGE" -> found.equals("NEW_IMAGE") || found.equals("NEW_AND_OLD_IMAGES");
            case "OLD_IMAGE" -> found.equals("OLD_IMAGE") || found.equals("NEW_AND_OLD_IMAGES");
            case "NEW_AND_OLD_IMAGES" -> found.equals("NEW_AND_OLD_IMAGES");
            default -> throw new IllegalArgumentException("unknown view type " + needed);
        };
    }

    /**
     * Checks the table's current stream against {@code needed}; throws an IllegalStateException naming the table,
     * the view type found and the one needed. A table without a stream is left to the reader, which reports it.
     */
    public static void check(DynamoDbClient dynamo, String table, String needed) {
        TableDescription description = dynamo.describeTable(b -> b.tableName(table)).table();
        StreamSpecification stream = description.streamSpecification();
        if (stream == null || !Boolean.TRUE.equals(stream.streamEnabled())) {
            return;
        }
        String found = stream.streamViewTypeAsString();
        if (!satisfies(found, needed)) {
            throw new IllegalStateException("the stream of table " + table + " has view type " + found + " but the "
                    + "route needs " + needed + (needed.equals("NEW_AND_OLD_IMAGES") ? "" : " or NEW_AND_OLD_IMAGES")
                    + ": change the table's stream (its view type cannot be changed in place: disable the stream "
                    + "and enable it again with " + needed + "), or use a route that needs less");
        }
    }
}

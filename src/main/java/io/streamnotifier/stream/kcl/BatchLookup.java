package io.streamnotifier.stream.kcl;

import java.util.List;
import java.util.Set;

import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * A question the route asks of every record that is cheaper asked once per batch, such as the send-once look-up:
 * the consumer calls {@link #alreadyDone} with its route's id and each batch read from a shard before routing its
 * records, and puts the answer on each record's first exchange as the property {@link #KNOWN_DONE} ({@code true}
 * or {@code false}).
 * An exchange without the property (a retry of a record, or the batch look-up failed) asks the question itself.
 * <p>
 * The {@code ddb-stream} consumer uses the one bean of this type in the registry (option {@code lookAhead}).
 */
public interface BatchLookup {

    /** Exchange property: whether the batch look-up found the record already handled (Boolean). */
    String KNOWN_DONE = "NotifierKnownDone";

    /** The eventIDs among these records that the route (the consumer's route id) already handled; never null. */
    Set<String> alreadyDone(String routeId, List<Record> records);
}

package io.streamnotifier.stream.kcl;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.camel.Exchange;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * A question the route asks of every record that is cheaper asked once per batch, such as the send-once look-up:
 * the consumer calls {@link #alreadyDone} with its route's id and each batch read from a shard, on a thread of its
 * own, while it routes the batch's records; each record's first exchange carries the answer to come as the property
 * {@link #KNOWN_DONE} (an {@link Answer}), and the step that asks the question ({@link #knownDone}) waits for it
 * there. So the look-up runs while the first records are described, rendered and composed, and a record still goes
 * no further than that step before the answer is in.
 * An exchange without the property (a retry of a record), or whose batch look-up failed, asks the question itself.
 * <p>
 * The {@code ddb-stream} consumer uses the one bean of this type in the registry (option {@code lookAhead}).
 */
public interface BatchLookup {

    /**
     * Exchange property: the batch look-up's answer for the record: an {@link Answer}, or a Boolean (whether it was
     * already handled) when known at once.
     */
    String KNOWN_DONE = "NotifierKnownDone";

    /** The eventIDs among these records that the route (the consumer's route id) already handled; never null. */
    Set<String> alreadyDone(String routeId, List<Record> records);

    /** One record's part of a batch look-up that may still be running. */
    record Answer(CompletableFuture<Set<String>> batch, String eventId) {

        /**
         * Whether the record was already handled, once the batch look-up answered (waiting for it); null if the
         * look-up failed or the wait was interrupted (the record then asks for itself).
         */
        public Boolean done() {
            try {
                Set<String> done = batch.get();
                return done == null ? null : done.contains(eventId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException e) {
                return null;
            }
        }
    }

    /**
     * The batch look-up's answer on the exchange (waiting for it if it is still running): whether the record was
     * already handled, or null when the exchange has none and the record must ask for itself.
     */
    static Boolean knownDone(Exchange exchange) {
        Object value = exchange.getProperty(KNOWN_DONE);
        if (value instanceof Answer answer) {
            return answer.done();
        }
        return value instanceof Boolean known ? known : null;
    }
}

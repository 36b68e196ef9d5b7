package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Duration;

import io.streamnotifier.deadletter.DeadLetter;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter store fails while a record must be dead-lettered inside a Kamelet (the render action's recipient
 * check): the failure is not swallowed by the nested error handling of the Kamelets and their route, the shard is
 * held (the later order waits), and once the store works again the record is dead-lettered once and the stream
 * moves on.
 */
class DeadLetterStoreDownIT extends ServiceITSupport {

    @Test
    void a_record_whose_dead_letter_cannot_be_stored_holds_the_shard_until_the_store_is_back() throws Exception {
        // the file store cannot append while its file is a directory
        Files.createDirectories(deadLetterFile());
        orders().put(OrdersTable.order("ORD-D1", "not-an-address", "Harvest"));
        String later = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-D2", later, "Harvest"));

        await().atMost(WAIT).until(() -> counters().count(ROUTE, "read") >= 1);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> mailsTo(later).isEmpty());
        assertEquals(0, counters().count(ROUTE, "dead-lettered"));

        Files.delete(deadLetterFile());
        awaitOneMailTo(later);
        await().atMost(WAIT).until(() -> deadLetters().size() == 1);
        DeadLetter deadLetter = deadLetters().get(0);
        assertEquals(ROUTE, deadLetter.routeId());
        assertEquals("ORD-D1", deadLetter.record().at("/dynamodb/NewImage/id/S").asText());
        assertEquals(1, counters().count(ROUTE, "dead-lettered"));
        assertEquals(1, counters().count(ROUTE, "sent"));
    }
}

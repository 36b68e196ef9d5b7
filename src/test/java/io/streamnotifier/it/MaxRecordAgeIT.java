package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import io.streamnotifier.RecordExpiredException;
import io.streamnotifier.deadletter.DeadLetter;
import org.junit.jupiter.api.Test;

/** notifier.max-record-age-seconds: a record older than that is dead-lettered as expired, not sent. */
class MaxRecordAgeIT extends ServiceITSupport {

    // written before the service starts (extraProperties runs before the context is built)
    private String stale;

    @Override
    protected Properties extraProperties() {
        stale = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-STALE", stale, "Harvest"));
        orders().advanceStreamClock(1); // the order above is now an hour old
        Properties properties = new Properties();
        properties.put("notifier.max-record-age-seconds", "600");
        return properties;
    }

    @Test
    void a_record_older_than_the_maximum_age_is_dead_lettered_as_expired_and_newer_ones_are_sent() throws Exception {
        String fresh = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-FRESH", fresh, "Harvest"));
        awaitOneMailTo(fresh);
        await().atMost(WAIT).until(() -> deadLetters().size() == 1);

        DeadLetter deadLetter = deadLetters().get(0);
        assertEquals(RecordExpiredException.class.getName(), deadLetter.errorClass());
        assertTrue(deadLetter.errorMessage().startsWith("expired"), deadLetter.errorMessage());
        assertEquals("ORD-STALE", deadLetter.record().at("/dynamodb/NewImage/id/S").asText());
        assertEquals(1, deadLetter.attempts(), "not retried");
        assertEquals(List.of(), mailsTo(stale));
    }
}

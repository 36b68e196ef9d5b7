package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.Test;

class SesUnavailableIT extends ServiceITSupport {

    @Test
    void ses_unreachable_is_retried_then_the_original_record_is_dead_lettered_and_sending_recovers()
            throws Exception {
        String lost = uniqueRecipient();
        LocalServers.stopSes();
        try {
            orders().put(OrdersTable.order("ORD-DOWN", lost, "Harvest"));
            await().atMost(WAIT).until(() -> deadLetters().size() == 1);
        } finally {
            LocalServers.startSes();
        }

        DeadLetter deadLetter = deadLetters().get(0);
        assertEquals(3, deadLetter.attempts(), "1 attempt + notifier.retry.max-redeliveries=2");
        assertTrue(deadLetter.errorClass().startsWith("software.amazon.awssdk"), deadLetter.errorClass());
        assertEquals("INSERT", deadLetter.record().path("eventName").asText());
        assertEquals("ORD-DOWN", deadLetter.record().at("/dynamodb/NewImage/id/S").asText());
        assertEquals(lost, deadLetter.record().at("/dynamodb/NewImage/email/S").asText());

        String later = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-UP", later, "Harvest"));
        awaitOneMailTo(later);
        assertEquals(List.of(), mailsTo(lost));
        awaitCount("sent", 1);
        awaitCount("dead-lettered", 1);
    }
}

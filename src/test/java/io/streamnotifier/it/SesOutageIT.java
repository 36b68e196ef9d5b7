package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.it.support.LocalServers;
import io.streamnotifier.ses.SesCircuit;
import org.junit.jupiter.api.Test;

/**
 * SES down for a while (the emulator stopped, every connection refused): the first record to use up its retries is
 * dead-lettered as usual, the next one shows SES itself is down, so the circuit opens and the stream is held
 * instead of dead-lettering every order written meanwhile. Once SES is back, every held order is sent once.
 */
class SesOutageIT extends ServiceITSupport {

    @Override
    protected Properties extraProperties() {
        Properties properties = new Properties();
        properties.put("notifier.retry.max-redeliveries", "1");
        properties.put("notifier.retry.initial-delay-ms", "20");
        properties.put("notifier.ses.timeout-ms", "1000");
        properties.put("notifier.ses.probe-interval-ms", "300");
        // the default: SES is taken as down once two records in a row used up their retries
        properties.put("notifier.ses.outage-after-records", "2");
        return properties;
    }

    @Test
    void ses_down_holds_the_stream_after_one_dead_letter_and_sends_every_later_order_once_it_is_back()
            throws Exception {
        String leaseTable = orders().name() + "-leases";
        String before = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-OUT-0", before, "Harvest"));
        awaitOneMailTo(before);
        await().atMost(WAIT).until(() -> orders().checkpoint(leaseTable) != null
                && !orders().checkpoint(leaseTable).equals("TRIM_HORIZON"));

        SesCircuit circuit = context.getRegistry().lookupByNameAndType("sesCircuit", SesCircuit.class);
        List<String> during = SesFaultsIT.recipients(5, "outage");
        LocalServers.stopSes();
        try {
            for (int i = 0; i < during.size(); i++) {
                orders().put(OrdersTable.order("ORD-OUT-" + (i + 1), during.get(i), "Harvest"));
            }
            await().atMost(WAIT).until(circuit::isOpen);
            assertTrue(circuit.reason().startsWith("SES unavailable"), circuit.reason());
            String held = orders().checkpoint(leaseTable);
            // the circuit stays open, nothing more is dead-lettered and the position does not move while SES is down
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> circuit.isOpen()
                    && deadLetters().size() == 1 && held.equals(orders().checkpoint(leaseTable)));
        } finally {
            LocalServers.startSes();
        }

        List<DeadLetter> deadLetters = deadLetters();
        assertEquals(1, deadLetters.size(), "only the first record of the outage is dead-lettered");
        String deadLettered = deadLetters.get(0).record().at("/dynamodb/NewImage/email/S").asText();
        // records of a shard are routed in order (parallelism 1): the first order of the outage used up its retries
        assertEquals(during.get(0), deadLettered, "the first of them is the one dead-lettered");
        assertEquals(2, deadLetters.get(0).attempts(), "1 attempt + notifier.retry.max-redeliveries=1");

        for (String recipient : during) {
            if (!recipient.equals(deadLettered)) {
                awaitOneMailTo(recipient);
            }
        }
        await().atMost(WAIT).until(() -> !circuit.isOpen());
        assertEquals(List.of(), mailsTo(deadLettered), "the dead letter is for the replay command");
        assertEquals(1, deadLetters().size());
        awaitCount("sent", 1 + during.size() - 1);
    }
}

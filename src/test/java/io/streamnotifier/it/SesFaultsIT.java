package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import io.streamnotifier.it.support.LogCapture;
import io.streamnotifier.ses.SesCircuit;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * SES failing in its different ways, injected by a proxy between the service and the SES emulator: what is
 * delivered, what is dead-lettered, and whether the stream is read meanwhile.
 */
class SesFaultsIT extends ServiceITSupport {

    private static final FaultProxy PROXY = FaultProxy.shared();

    @Override
    protected Properties extraProperties() {
        PROXY.plan(recipient -> Fault.PASS);
        PROXY.resetCounts();
        Properties properties = new Properties();
        properties.put("notifier.ses.endpoint", PROXY.endpoint().toString());
        properties.put("notifier.ses.timeout-ms", "500");
        properties.put("notifier.ses.max-send-rate", "0");
        properties.put("notifier.retry.max-redeliveries", "10");
        properties.put("notifier.retry.initial-delay-ms", "20");
        properties.put("notifier.retry.max-delay-ms", "200");
        properties.put("notifier.ses.throttle-max-delay-ms", "50");
        properties.put("notifier.ses.probe-interval-ms", "300");
        return properties;
    }

    @Test
    void transient_faults_and_throttling_deliver_every_order_and_dead_letter_none() throws Exception {
        Random random = new Random(42);
        PROXY.plan(recipient -> {
            double roll;
            synchronized (random) {
                roll = random.nextDouble();
            }
            // 30 % transient (500s, resets, answers lost after the timeout), 20 % throttling
            if (roll < 0.12) {
                return Fault.ERROR_500;
            } else if (roll < 0.25) {
                return Fault.RESET;
            } else if (roll < 0.30) {
                return Fault.SLOW;
            } else if (roll < 0.50) {
                return Fault.THROTTLE;
            }
            return Fault.PASS;
        });
        List<String> retries;
        List<String> recipients;
        try (LogCapture capture = LogCapture.start(Level.WARN)) {
            recipients = put(500, "faults");
            await().atMost(Duration.ofSeconds(180)).until(() -> counters().count(ROUTE, "sent") >= recipients.size());
            retries = capture.lines().stream().filter(line -> line.contains("retrying route=")).toList();
        }

        DeliveryReport report = DeliveryReport.of(recipients);
        assertEquals(0, report.lost(), "every order delivered");
        assertEquals(List.of(), deadLetters(), "none dead-lettered");
        // A duplicate needs a send SES accepted whose answer the client did not get: the client gave up at its 500 ms
        // timeout (every SLOW answer, and, on a loaded machine, a passed one answered late) and the dead-letter
        // channel sent the record again. Those are the retries after a timeout, counted by the service's own retry
        // log: not every one makes a duplicate (the request may not have reached SES), no duplicate comes without one.
        long timedOut = retries.stream().filter(SesFaultsIT::afterTimeout).count();
        assertTrue(timedOut >= PROXY.count(Fault.SLOW), "each answer after the timeout is a retry after a timeout: "
                + timedOut + " retries after a timeout, " + PROXY.count(Fault.SLOW) + " SLOW answers; retries: "
                + retries.stream().limit(20).toList());
        assertTrue(report.duplicates() <= timedOut, report + " with " + timedOut + " sends timed out by the client ("
                + PROXY.count(Fault.SLOW) + " SLOW answers, " + PROXY.passedLaterThan(500)
                + " passed answers later than 500 ms at the proxy)");
        assertTrue(PROXY.count(Fault.THROTTLE) > 0 && PROXY.count(Fault.ERROR_500) > 0);
        report.write("SesFaultsIT", String.format("500 orders; injected: %d throttled, %d 500s, %d resets, %d answers "
                + "after the timeout (accepted, answer lost); %d sends timed out by the client (500 ms), %d passed "
                + "answers later than 500 ms at the proxy; duplicates only from the timed-out sends",
                PROXY.count(Fault.THROTTLE), PROXY.count(Fault.ERROR_500), PROXY.count(Fault.RESET),
                PROXY.count(Fault.SLOW), timedOut, PROXY.passedLaterThan(500)));
    }

    /** Whether a retry line of the service gives the SES client's timeout as the cause. */
    private static boolean afterTimeout(String retryLine) {
        String cause = retryLine.substring(retryLine.indexOf(" after ") + 1);
        return cause.contains("ApiCallTimeoutException") || cause.contains("ApiCallAttemptTimeoutException")
                || cause.contains("timed out");
    }

    @Test
    void permanent_rejections_are_dead_lettered_at_once_with_their_code() throws Exception {
        List<String> recipients = recipients(10, "reject");
        Set<String> rejected = Set.of(recipients.get(2), recipients.get(5), recipients.get(7));
        PROXY.plan(recipient -> rejected.contains(recipient) ? Fault.REJECT : Fault.PASS);
        put(recipients, "reject");
        await().atMost(WAIT).until(() -> counters().count(ROUTE, "sent") + deadLetters().size() >= 10);

        List<DeadLetter> deadLetters = deadLetters();
        assertEquals(3, deadLetters.size());
        for (DeadLetter deadLetter : deadLetters) {
            assertTrue(deadLetter.errorMessage().contains("MessageRejected"), deadLetter.errorMessage());
            assertEquals(1, deadLetter.attempts(), "no retries");
            assertTrue(rejected.stream().noneMatch(deadLetter.errorMessage()::contains), "recipient masked: "
                    + deadLetter.errorMessage());
        }
        for (String recipient : recipients) {
            assertEquals(rejected.contains(recipient) ? 0 : 1, mailsTo(recipient).size(), recipient);
        }
    }

    @Test
    void an_account_pause_stops_reading_dead_letters_nothing_and_resumes() throws Exception {
        String leaseTable = orders().name() + "-leases";
        String position = positionAfterOneSent(leaseTable, "before-pause");

        PROXY.plan(recipient -> Fault.ACCOUNT_PAUSED);
        List<String> paused = put(5, "paused");
        SesCircuit circuit = context.getRegistry().lookupByNameAndType("sesCircuit", SesCircuit.class);
        await().atMost(WAIT).until(circuit::isOpen);
        assertTrue(circuit.reason().contains("SendingPausedException"), circuit.reason());
        // several probes later: still paused, nothing sent, nothing dead-lettered, the position where it was
        await().atMost(WAIT).until(() -> PROXY.count(Fault.ACCOUNT_PAUSED) >= 4);
        assertEquals(position, orders().checkpoint(leaseTable), "the stream position did not move");
        assertEquals(List.of(), deadLetters());
        paused.forEach(recipient -> assertEquals(List.of(), mailsTo(recipient)));

        PROXY.plan(recipient -> Fault.PASS);
        await().atMost(WAIT).until(() -> counters().count(ROUTE, "sent") >= 6);
        assertFalse(circuit.isOpen());
        paused.forEach(recipient -> assertEquals(1, mailsTo(recipient).size(), recipient));
        assertEquals(List.of(), deadLetters());
    }

    @Test
    void a_record_held_when_the_service_stops_is_neither_dead_lettered_nor_checkpointed() throws Exception {
        String leaseTable = orders().name() + "-leases";
        String position = positionAfterOneSent(leaseTable, "before-stop");

        PROXY.plan(recipient -> Fault.ACCOUNT_PAUSED);
        List<String> held = put(1, "held");
        SesCircuit circuit = context.getRegistry().lookupByNameAndType("sesCircuit", SesCircuit.class);
        await().atMost(WAIT).until(() -> circuit.isOpen() && PROXY.count(Fault.ACCOUNT_PAUSED) >= 2);

        List<String> seen;
        try (LogCapture capture = LogCapture.start(Level.INFO)) {
            context.stop();
            seen = capture.lines();
        }

        assertEquals(position, orders().checkpoint(leaseTable), "not checkpointed past the held record");
        assertEquals(List.of(), deadLetters());
        assertEquals(List.of(), mailsTo(held.get(0)));
        assertTrue(seen.stream().anyMatch(line -> line.contains("held back while stopping")), seen.toString());
        assertTrue(seen.stream().noneMatch(line -> line.contains("FatalFallbackErrorHandler")
                || line.contains("thrown") || line.startsWith("ERROR")), "an expected outcome, told quietly: " + seen);
    }

    /** Sends one order and waits for its checkpoint: the stream position after it. */
    private String positionAfterOneSent(String leaseTable, String label) {
        List<String> first = put(1, label);
        awaitOneMailTo(first.get(0));
        await().atMost(WAIT).until(() -> orders().checkpoint(leaseTable) != null
                && !orders().checkpoint(leaseTable).equals("TRIM_HORIZON"));
        return orders().checkpoint(leaseTable);
    }

    private List<String> put(int count, String label) {
        return put(recipients(count, label), label);
    }

    private List<String> put(List<String> recipients, String label) {
        for (int i = 0; i < recipients.size(); i++) {
            orders().put(OrdersTable.order("ORD-" + label + "-" + i, recipients.get(i), "Harvest"));
        }
        return recipients;
    }

    static List<String> recipients(int count, String label) {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            recipients.add(label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
        }
        return recipients;
    }
}

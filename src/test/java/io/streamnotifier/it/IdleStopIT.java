package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * SIGTERM to an idle service: it does not wait for the KCL's graceful stop (seconds, for an idle reader), yet it
 * saves the position of what it sent, even within the checkpoint interval, and hands its lease back, so that the
 * restarted service sends nothing again.
 */
class IdleStopIT {

    /** Far above the target (1 s) and far below the 5 s the KCL's graceful stop took, on a loaded machine too. */
    private static final long STOP_BOUND_MILLIS = 3000;

    @Test
    void an_idle_service_exits_at_once_with_its_position_saved_and_its_lease_handed_back() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("IdleStopIT");
        OrdersTable orders = fixture.orders();
        List<String> recipients = new ArrayList<>();
        try (ServiceProcess service = fixture.service()
                // positions held back for a minute: only the stop itself can have saved them
                .env("NOTIFIER_CHECKPOINT_INTERVAL_MS", "60000")) {
            service.start();
            RestartIT.insert(orders, recipients, 3);
            await().atMost(Duration.ofSeconds(60)).until(() -> RestartIT.allSent(recipients));
            String leaseTable = fixture.leaseTable();
            assertNotEquals(orders.lastSequenceNumber(), orders.checkpoint(leaseTable), "nothing saved before the stop");

            long before = System.nanoTime();
            service.stop();
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            System.out.printf("idle stop: the process exited %d ms after SIGTERM%n", stopMillis);
            assertTrue(stopMillis < STOP_BOUND_MILLIS, "exited " + stopMillis + " ms after SIGTERM");
            assertEquals(orders.lastSequenceNumber(), orders.checkpoint(leaseTable), "position saved at the stop");
            assertNull(orders.leaseOwner(leaseTable), "lease handed back");
        }
        try (ServiceProcess again = fixture.service()) {
            again.start();
            List<String> after = new ArrayList<>();
            RestartIT.insert(orders, after, 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> RestartIT.allSent(after));
            for (String recipient : recipients) {
                assertEquals(1, ServiceITSupport.mailsTo(recipient).size(), "sent once, not again after the restart");
            }
            assertFalse(again.output().contains("already sent"), "nothing read again after the restart");
        }
    }
}

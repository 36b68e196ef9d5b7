package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to the real jar in the middle of a steady stream of orders, while it is sending (a pass-through proxy in
 * front of the SES emulator tells when a send arrives): it stops reading, finishes or hands back the records in hand,
 * saves the positions and exits within its shutdown timeout; restarted, it sends the rest. Every order is e-mailed
 * exactly once.
 */
class GracefulShutdownIT {

    private static final int ORDERS = 300;
    private static final long WRITE_INTERVAL_MS = 20;
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 15;

    @Test
    void sigterm_mid_burst_then_restart_sends_every_order_exactly_once() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("GracefulShutdownIT");
        String table = fixture.table();
        OrdersTable orders = fixture.orders();
        List<String> recipients = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger written = new AtomicInteger();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        FaultProxy proxy = new FaultProxy(LocalServers.sesEndpoint(), 0);
        AtomicLong sends = new AtomicLong();
        AtomicLong lastSend = new AtomicLong();
        proxy.observe((recipient, nanos) -> {
            lastSend.set(nanos);
            sends.incrementAndGet();
        });
        ServiceProcess service = fixture.service()
                .env("NOTIFIER_WORKER_ID", "graceful-worker")
                .env("NOTIFIER_SES_ENDPOINT", proxy.endpoint().toString())
                .env("NOTIFIER_SHUTDOWN_TIMEOUT_SECONDS", Integer.toString(SHUTDOWN_TIMEOUT_SECONDS));
        long stopMillis;
        long sinceLastSendMs;
        int inFlight;
        try (proxy) {
            service.start();
            writer.scheduleAtFixedRate(() -> {
                int n = written.get();
                if (n < ORDERS) {
                    String recipient = "graceful-" + n + "-" + table.substring(19) + "@example.com";
                    orders.put(OrdersTable.order("ORD-G" + n, recipient, "Harvest"));
                    recipients.add(recipient);
                    written.incrementAndGet();
                }
            }, 0, WRITE_INTERVAL_MS, TimeUnit.MILLISECONDS);

            // mid-burst: a third of the orders written and the service busy sending them
            await().atMost(Duration.ofSeconds(60)).until(() -> written.get() >= ORDERS / 3
                    && !ServiceITSupport.mailsTo(recipients.get(0)).isEmpty());
            // at the next send reaching SES: a busy stop, with records in hand
            long sentBefore = sends.get();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
                    .until(() -> sends.get() > sentBefore);
            inFlight = proxy.sendsInFlight();
            sinceLastSendMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSend.get());
            long before = System.nanoTime();
            service.stop(); // SIGTERM, and wait for the exit
            stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            assertTrue(service.output().contains("stopped reading the stream of table " + table), service.output());

            service.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> written.get() >= ORDERS);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> DeliveryReport.of(recipients).lost() == 0);
        } finally {
            writer.shutdownNow();
            service.stop();
        }

        DeliveryReport report = DeliveryReport.of(recipients);
        report.write("GracefulShutdownIT", "SIGTERM after " + ORDERS / 3 + " of " + ORDERS + " orders (one every "
                + WRITE_INTERVAL_MS + " ms), " + sinceLastSendMs + " ms after a send reached SES (" + inFlight
                + " in flight), exit took " + stopMillis + " ms, then restarted");
        assertEquals(0, report.lost(), "no order lost");
        assertEquals(0, report.duplicates(), "no order e-mailed twice: " + report);
        assertTrue(sinceLastSendMs <= 1000, "SIGTERM landed while the service was sending: " + sinceLastSendMs
                + " ms after its last send");
        // a busy stop ends within the shutdown timeout, not by it: the process, JVM exit included, is gone before the
        // timeout would have forced it
        assertTrue(stopMillis < SHUTDOWN_TIMEOUT_SECONDS * 1000L, "a busy stop exited within the shutdown timeout ("
                + SHUTDOWN_TIMEOUT_SECONDS + " s): " + stopMillis + " ms");
    }
}

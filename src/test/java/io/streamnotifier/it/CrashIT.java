package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * kill -9 of the real jar, five times at random moments while 1,000 orders are written at a steady rate, each
 * time restarted at once. No order may be lost; an order may be e-mailed twice only if the service died between
 * SES accepting it and the send-once table recording it, so at most one duplicate per kill.
 */
class CrashIT {

    private static final int ORDERS = 1000;
    private static final int KILLS = 5;
    private static final long WRITE_INTERVAL_MS = 30;

    @Test
    void five_kills_during_a_thousand_orders_lose_nothing_and_duplicate_at_most_once_per_kill() throws Exception {
        String table = "CrashIT-" + UUID.randomUUID().toString().substring(0, 8);
        OrdersTable orders = OrdersTable.create(table);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Integer> killAt = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            killAt.add(50 + random.nextInt(ORDERS - 100));
        }
        Collections.sort(killAt);

        List<String> recipients = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger written = new AtomicInteger();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        ServiceProcess service = new ServiceProcess(Path.of("target", "it-data", table, "app"), table)
                .env("NOTIFIER_WORKER_ID", "crash-worker");
        try {
            service.start();
            writer.scheduleAtFixedRate(() -> {
                int n = written.get();
                if (n < ORDERS) {
                    String recipient = "crash-" + n + "-" + table.substring(8) + "@example.com";
                    orders.put(OrdersTable.order("ORD-C" + n, recipient, "Harvest"));
                    recipients.add(recipient);
                    written.incrementAndGet();
                }
            }, 0, WRITE_INTERVAL_MS, TimeUnit.MILLISECONDS);

            for (int target : killAt) {
                // a random moment: when the target-th order has been written
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                        .until(() -> written.get() >= target);
                service.kill();
                service.start();
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> written.get() >= ORDERS);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> DeliveryReport.of(recipients).lost() == 0);
        } finally {
            writer.shutdownNow();
            service.stop();
        }

        DeliveryReport report = DeliveryReport.of(recipients);
        report.write("CrashIT", KILLS + " x kill -9 after orders " + killAt + " (seed " + seed + "), one order every "
                + WRITE_INTERVAL_MS + " ms");
        assertEquals(ORDERS, report.orders());
        assertEquals(0, report.lost(), "no order may be lost");
        assertTrue(report.duplicates() <= KILLS, "at most one duplicate per kill: " + report);
    }
}

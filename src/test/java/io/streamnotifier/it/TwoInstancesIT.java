package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Two instances of the service on one table share its shards through the lease table (DynamoDB Local has one
 * shard, so one instance reads and the other stands by). kill -9 of the one that reads: the other takes the lease
 * over and no order is lost. The take-over time is measured from the kill to the e-mail of the first order written
 * after it, and reported with whether the killed worker was also the KCL's leader: KCL 3 assigns leases from its
 * leader only, and a dead leader's lock is taken over only after its fixed 2-minute lease, so each instance takes
 * abandoned leases itself (AbandonedLeases). The take-over is asserted within twice the failover time, a bound
 * that a loaded CI machine keeps and that the 2-minute wait for a new leader would break.
 * <p>
 * SIGSTOP of the reading instance in the middle of a batch, for longer than its lease: the other takes the lease
 * over and sends the rest of the batch; woken up with SIGCONT, the paused instance must not send what the other
 * now owns. At most the one e-mail in flight at the pause may be doubled.
 */
class TwoInstancesIT {

    private static final long FAILOVER_MS = 10_000;
    private static final int PAUSE_ORDERS = 200;

    @Test
    void when_the_reading_instance_is_killed_the_other_takes_over_and_nothing_is_lost() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("TwoInstancesIT");
        String table = fixture.table();
        String leaseTable = fixture.leaseTable();
        OrdersTable orders = fixture.orders();
        List<String> recipients = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger written = new AtomicInteger();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();

        try (ServiceProcess a = fixture.instance("a", "worker-a")
                .env("NOTIFIER_FAILOVER_TIME_MS", Long.toString(FAILOVER_MS));
             ServiceProcess b = fixture.instance("b", "worker-b")
                .env("NOTIFIER_FAILOVER_TIME_MS", Long.toString(FAILOVER_MS))) {
            a.start();
            b.start();
            writer.scheduleAtFixedRate(() -> {
                int n = written.incrementAndGet();
                String recipient = "pair-" + n + "-" + table.substring(15) + "@example.com";
                orders.put(OrdersTable.order("ORD-P" + n, recipient, "Harvest"));
                recipients.add(recipient);
            }, 0, 100, TimeUnit.MILLISECONDS);

            // a worker that took the unowned lease at start reads before the KCL has chosen its leader (whose
            // table may not exist yet): wait for both, to know whether the killed worker was the leader
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> orders.leaseOwner(leaseTable) != null
                    && DeliveryReport.of(List.copyOf(recipients)).lost() < recipients.size()
                    && orders.kclLeader("stream-notifier-" + table) != null);
            String owner = orders.leaseOwner(leaseTable);
            assertNotNull(owner);
            String leader = orders.kclLeader("stream-notifier-" + table);
            ServiceProcess reading = owner.equals("worker-a") ? a : b;
            ServiceProcess standby = reading == a ? b : a;

            reading.kill();
            long killedAt = System.nanoTime();
            int firstAfterKill = written.get() + 1;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> recipients.size() >= firstAfterKill
                            && !ServiceITSupport.mailsTo(recipients.get(firstAfterKill - 1)).isEmpty());
            long takeOverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

            int last = written.get() + 20;
            await().atMost(Duration.ofSeconds(30)).until(() -> written.get() >= last);
            writer.shutdown();
            writer.awaitTermination(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> DeliveryReport.of(recipients).lost() == 0);

            DeliveryReport report = DeliveryReport.of(recipients);
            report.write("TwoInstancesIT", owner + " killed; " + (owner.equals("worker-a") ? "worker-b" : "worker-a")
                    + " took over in " + takeOverMs + " ms (failover time " + FAILOVER_MS + " ms; the killed worker "
                    + (owner.equals(leader) ? "was" : "was not") + " the KCL leader)");
            assertEquals(0, report.lost(), "no order may be lost");
            assertTrue(takeOverMs <= 2 * FAILOVER_MS, "took over in " + takeOverMs + " ms");
            assertTrue(report.duplicates() <= 1, "at most the one in flight at the kill: " + report);
            assertTrue(standby.running());
            assertEquals(standby == a ? "worker-a" : "worker-b", orders.leaseOwner(leaseTable));
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void an_instance_paused_past_its_lease_sends_nothing_more_once_the_other_took_over() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("TwoInstancesIT");
        String table = fixture.table();
        String leaseTable = fixture.leaseTable();
        OrdersTable orders = fixture.orders();
        // a burst written before either instance starts: the reader takes it in batches of 100, and sends 20 a
        // second, so it holds most of a batch for seconds
        List<String> recipients = new ArrayList<>();
        for (int n = 1; n <= PAUSE_ORDERS; n++) {
            String recipient = "paused-" + n + "-" + table.substring(15) + "@example.com";
            orders.put(OrdersTable.order("ORD-S" + n, recipient, "Harvest"));
            recipients.add(recipient);
        }
        try (ServiceProcess a = fixture.instance("a", "worker-a")
                .env("NOTIFIER_FAILOVER_TIME_MS", Long.toString(FAILOVER_MS)).env("NOTIFIER_SES_MAX_SEND_RATE", "20");
             ServiceProcess b = fixture.instance("b", "worker-b")
                .env("NOTIFIER_FAILOVER_TIME_MS", Long.toString(FAILOVER_MS)).env("NOTIFIER_SES_MAX_SEND_RATE", "20")) {
            a.start();
            b.start();
            // in the middle of the first batch: some of it sent, most of it still in hand
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() ->
                    PAUSE_ORDERS - DeliveryReport.of(recipients).lost() >= 10);
            String owner = orders.leaseOwner(leaseTable);
            ServiceProcess paused = "worker-a".equals(owner) ? a : b;
            ServiceProcess other = paused == a ? b : a;
            paused.pause();
            int sentAtPause = PAUSE_ORDERS - DeliveryReport.of(recipients).lost();
            long pausedAt = System.nanoTime();
            try {
                // the other instance takes the lease over and sends the rest, the paused one's batch included
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> DeliveryReport.of(recipients).lost() == 0);
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt) > FAILOVER_MS / 2,
                        "paused for longer than the lease");
            } finally {
                paused.resume();
            }
            long resumedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
            // woken up, the paused instance finds its lease gone and ends its shard's reader
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> paused.output().contains("lost to another worker"));

            DeliveryReport report = DeliveryReport.of(recipients);
            report.write("TwoInstancesIT", owner + " paused (SIGSTOP) for " + resumedAfterMs + " ms after "
                    + sentAtPause + " of " + PAUSE_ORDERS + " e-mails, in the middle of a batch; the other took over "
                    + "(failover time " + FAILOVER_MS + " ms), then SIGCONT");
            assertEquals(0, report.lost(), "no order may be lost");
            assertTrue(report.duplicates() <= 1, "at most the one in flight at the pause: " + report);
            assertTrue(other.running());
        }
    }
}

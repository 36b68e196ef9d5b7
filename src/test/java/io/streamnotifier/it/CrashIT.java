package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the real jar, five times while 1,000 orders are written at a steady rate, each time restarted at once.
 * Each kill lands while the process is sending: at a random order, once the process that is running has sent an
 * e-mail since it reached that order (so never while a restarted JVM is still starting). A pass-through proxy in
 * front of the SES emulator times each send. No order may be lost; an order may be e-mailed twice only if the
 * service died between SES accepting it and the send-once table recording it: with parallelism N, at most N
 * e-mails per kill, N + 1 with the mark overlapping the next send (notifier.idempotency.overlap-mark).
 */
class CrashIT {

    private static final int ORDERS = 1000;
    private static final int KILLS = 5;
    private static final long WRITE_INTERVAL_MS = 30;
    /** A kill at most this long after the killed process's last send reached SES landed while it was sending. */
    private static final long SENDING_MS = 1000;

    @Test
    void five_kills_while_sending_lose_nothing_and_duplicate_at_most_once_per_kill() throws Exception {
        crash(1, false);
    }

    @Test
    void with_parallelism_four_five_kills_while_sending_duplicate_at_most_four_per_kill() throws Exception {
        crash(4, false);
    }

    /** The opt-in overlap: a record's mark is written while the next is sent, so two e-mails may be unmarked. */
    @Test
    void with_the_mark_overlapping_the_next_send_five_kills_duplicate_at_most_two_per_kill() throws Exception {
        crash(1, true);
    }

    /** One kill: when it came, how long after the killed process's last send, how many sends were in flight. */
    private record Kill(int atOrder, long deadNanos, long sinceLastSendMs, int inFlight) {
    }

    private void crash(int parallelism, boolean overlapMark) throws Exception {
        // the e-mails a kill may double: those SES accepted whose send-once entry was not written yet
        int bound = parallelism + (overlapMark ? 1 : 0);
        ProcessFixture fixture = ProcessFixture.create("CrashIT");
        String table = fixture.table();
        OrdersTable orders = fixture.orders();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Integer> killAt = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            killAt.add(50 + random.nextInt(ORDERS - 100));
        }
        Collections.sort(killAt);

        // every send that reached SES: its recipient and when
        Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
        AtomicLong sends = new AtomicLong();
        AtomicLong lastSend = new AtomicLong();
        List<Kill> kills = new ArrayList<>();
        List<Long> resumeMillis = new ArrayList<>();
        List<String> recipients = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger written = new AtomicInteger();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (FaultProxy proxy = new FaultProxy(LocalServers.sesEndpoint(), 0)) {
            proxy.observe((recipient, nanos) -> {
                arrivals.computeIfAbsent(recipient, r -> Collections.synchronizedList(new ArrayList<>())).add(nanos);
                lastSend.set(nanos);
                sends.incrementAndGet();
            });
            ServiceProcess service = fixture.service()
                    .env("NOTIFIER_WORKER_ID", "crash-worker")
                    .env("NOTIFIER_SES_ENDPOINT", proxy.endpoint().toString())
                    .env("NOTIFIER_PARALLELISM", Integer.toString(parallelism))
                    .env("NOTIFIER_IDEMPOTENCY_OVERLAP_MARK", Boolean.toString(overlapMark));
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

                long startedNanos = System.nanoTime();
                for (int target : killAt) {
                    // a random moment: when the target-th order has been written...
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                            .until(() -> written.get() >= target);
                    // ...and the next send of the process running now has reached SES: it is sending, not starting
                    long sentBefore = sends.get();
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(1))
                            .until(() -> sends.get() > sentBefore);
                    long firstSend = firstArrivalAfter(arrivals, startedNanos);
                    resumeMillis.add(TimeUnit.NANOSECONDS.toMillis(firstSend - startedNanos));
                    int inFlight = proxy.sendsInFlight();
                    long sinceLastSendMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSend.get());
                    service.kill();
                    kills.add(new Kill(target, System.nanoTime(), sinceLastSendMs, inFlight));
                    startedNanos = System.nanoTime();
                    service.start();
                }
                await().atMost(Duration.ofSeconds(120)).until(() -> written.get() >= ORDERS);
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> DeliveryReport.of(recipients).lost() == 0);
            } finally {
                writer.shutdownNow();
                service.stop();
            }
        }

        DeliveryReport report = DeliveryReport.of(recipients);
        int[] perKill = duplicatesPerKill(arrivals, kills);
        int sameProcess = perKill[KILLS];
        long midSend = kills.stream().filter(kill -> kill.inFlight() > 0).count();
        report.write("CrashIT", String.format("parallelism %d%s; %d x kill -9 while sending, after orders %s (seed %d), "
                + "%d of them with a send in flight at the proxy, %s ms after the killed process's last send; "
                + "duplicates per kill %s; the restarted process's first send %s ms after its start; one order every "
                + "%d ms", parallelism, overlapMark ? ", the mark overlapping the next send" : "", KILLS, killAt, seed, midSend, kills.stream().map(Kill::sinceLastSendMs).toList(),
                Arrays.toString(Arrays.copyOf(perKill, KILLS)), resumeMillis.subList(1,
                        resumeMillis.size()), WRITE_INTERVAL_MS));
        assertEquals(ORDERS, report.orders());
        assertEquals(0, report.lost(), "no order may be lost");
        for (Kill kill : kills) {
            assertTrue(kill.sinceLastSendMs() <= SENDING_MS, "each kill landed while the process was sending: " + kill);
        }
        assertEquals(0, sameProcess, "no e-mail sent twice by one process (no SES timeout here)");
        for (int i = 0; i < KILLS; i++) {
            assertTrue(perKill[i] <= bound, "at most " + bound + " e-mail(s) doubled by kill " + (i + 1)
                    + ": " + Arrays.toString(perKill));
        }
        assertTrue(report.duplicates() <= (long) bound * kills.size(), "at most " + bound
                + " duplicate(s) per kill that landed while sending: " + report);
    }

    /** When the first send after {@code nanos} reached SES. */
    private static long firstArrivalAfter(Map<String, List<Long>> arrivals, long nanos) {
        return arrivals.values().stream().flatMap(times -> {
            synchronized (times) {
                return List.copyOf(times).stream();
            }
        }).filter(time -> time > nanos).min(Long::compare).orElseThrow();
    }

    /**
     * The second and later e-mails to a recipient, each counted against the kill that ended the process which sent
     * the copy before it (index {@code i} for kill {@code i}); index {@code KILLS}: a copy sent again by the same
     * process.
     */
    private static int[] duplicatesPerKill(Map<String, List<Long>> arrivals, List<Kill> kills) {
        int[] perKill = new int[KILLS + 1];
        for (List<Long> times : arrivals.values()) {
            List<Long> sorted;
            synchronized (times) {
                sorted = times.stream().sorted().toList();
            }
            for (int j = 1; j < sorted.size(); j++) {
                long previous = sorted.get(j - 1);
                int kill = 0;
                while (kill < kills.size() && kills.get(kill).deadNanos() < previous) {
                    kill++;
                }
                boolean sameProcess = kill == kills.size() || sorted.get(j) < kills.get(kill).deadNanos();
                perKill[sameProcess ? KILLS : kill]++;
            }
        }
        return perKill;
    }
}

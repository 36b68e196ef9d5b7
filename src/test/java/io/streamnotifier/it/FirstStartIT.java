package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The first start as a user meets it: a brand-new table, the packaged jar started with the README's variables and
 * the default starting position (LATEST), nothing else prepared (no lease table, no leases). Orders written from
 * half a second to a minute after the process started are each e-mailed once, the first within seconds.
 */
class FirstStartIT {

    /** Seconds after the process started at which an order is written. */
    private static final double[] WRITE_AT = {0.5, 1, 2, 3, 5, 10, 20, 40, 60};
    /** Far above the 5 s target, so that a loaded CI machine cannot break it, far below the 70 s seen before. */
    private static final Duration FIRST_MAIL_BOUND = Duration.ofSeconds(20);

    @Test
    void orders_written_right_after_a_first_start_are_each_emailed_once_the_first_within_seconds() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("FirstStartIT");
        OrdersTable orders = fixture.orders();
        List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServiceProcess service = fixture.service()
                .unset("NOTIFIER_STARTING_POSITION").unset("NOTIFIER_LEASE_TABLE")
                .unset("NOTIFIER_FAILOVER_TIME_MS")) {
            long started = System.nanoTime();
            service.start();
            // the orders are written on their own thread, on time, while this one watches for the first e-mail
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<?> writes = writer.submit(() -> {
                for (double at : WRITE_AT) {
                    awaitSecondsSince(started, at);
                    String recipient = "first-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
                    orders.put(OrdersTable.order("ORD-F" + written.size(), recipient, "Harvest"));
                    written.add(recipient);
                }
            });
            writer.shutdown();
            await().atMost(FIRST_MAIL_BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> written.stream().anyMatch(r -> !ServiceITSupport.mailsTo(r).isEmpty()));
            double firstMailAfter = secondsSince(started);
            System.out.printf("first start: first e-mail %.1f s after the process started%n", firstMailAfter);
            assertTrue(firstMailAfter < FIRST_MAIL_BOUND.toSeconds(), "first e-mail after " + firstMailAfter
                    + " s; the log:\n" + service.output());

            writes.get(90, TimeUnit.SECONDS);
            assertEquals(WRITE_AT.length, written.size());
            await().atMost(Duration.ofSeconds(60)).until(() -> RestartIT.allSent(written));
            // and none of them twice, for as long as a re-read would take to show
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> written
                    .stream().allMatch(r -> ServiceITSupport.mailsTo(r).size() == 1));
            String output = service.output();
            assertTrue(output.contains("first start on this stream"), output);
            assertEquals(1, leases(fixture.table()).size(), "one lease for the stream's one shard");
        }
    }

    @Test
    void two_instances_starting_together_on_a_new_table_write_one_lease_per_shard_and_email_each_order_once()
            throws Exception {
        ProcessFixture fixture = ProcessFixture.create("FirstStartIT");
        OrdersTable orders = fixture.orders();
        List<String> recipients = new ArrayList<>();
        try (ServiceProcess a = instance(fixture, "a", "worker-a");
                ServiceProcess b = instance(fixture, "b", "worker-b")) {
            long started = System.nanoTime();
            a.start();
            b.start();
            for (double at : new double[] {0.5, 2, 5, 10}) {
                awaitSecondsSince(started, at);
                String recipient = "pair-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
                orders.put(OrdersTable.order("ORD-P" + recipients.size(), recipient, "Harvest"));
                recipients.add(recipient);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> RestartIT.allSent(recipients));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> recipients.stream()
                    .allMatch(r -> ServiceITSupport.mailsTo(r).size() == 1));
            List<Map<String, AttributeValue>> leases = leases(fixture.table());
            assertEquals(1, leases.size(), "exactly one lease for the one shard: " + leases);
            int wrote = (a.output().contains("first start on this stream") ? 1 : 0)
                    + (b.output().contains("first start on this stream") ? 1 : 0);
            assertEquals(1, wrote, "one of the two instances wrote the lease");
        }
    }

    private static ServiceProcess instance(ProcessFixture fixture, String name, String worker) throws Exception {
        return fixture.instance(name, worker).unset("NOTIFIER_STARTING_POSITION").unset("NOTIFIER_LEASE_TABLE");
    }

    /** The leases of the table's default lease table (the application name, stream-notifier-TABLE). */
    private static List<Map<String, AttributeValue>> leases(String table) {
        try (DynamoDbClient dynamo = OrdersTable.client(LocalServers.dynamoDbEndpoint())) {
            return dynamo.scan(b -> b.tableName("stream-notifier-" + table).consistentRead(true)).items();
        }
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    /** Waits until {@code seconds} have passed since {@code nanos}: the moment to write the next order. */
    private static void awaitSecondsSince(long nanos, double seconds) {
        await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> secondsSince(nanos) >= seconds);
    }
}

package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * A restart of the real jar. The stream position is still kept in memory (Camel's aws2-ddbstream), so the
 * restarted service reads the stream again from TRIM_HORIZON; the send-once store must keep it from e-mailing
 * any order twice, while the orders written during the downtime are all sent.
 */
class RestartIT {

    @Test
    void a_restart_from_trim_horizon_sends_the_new_orders_and_nothing_twice() throws Exception {
        String table = "RestartIT-" + UUID.randomUUID().toString().substring(0, 8);
        OrdersTable orders = OrdersTable.create(table);
        List<String> recipients = new ArrayList<>();
        Path app = Path.of("target", "it-data", table, "app");

        try (ServiceProcess first = new ServiceProcess(app, table)) {
            first.start();
            insert(orders, recipients, 5);
            await().atMost(Duration.ofSeconds(60)).until(() -> allSent(recipients));
        }
        insert(orders, recipients, 3);
        try (ServiceProcess second = new ServiceProcess(app, table)) {
            second.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> allSent(recipients));
            for (String recipient : recipients) {
                assertEquals(1, ServiceITSupport.mailsTo(recipient).size(), "exactly one e-mail per order");
            }
            String log = second.output();
            assertEquals(5, log.split("already sent route=order-confirmation", -1).length - 1, log);
        }
    }

    private static void insert(OrdersTable orders, List<String> recipients, int count) {
        for (int i = 0; i < count; i++) {
            String recipient = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            recipients.add(recipient);
            orders.put(OrdersTable.order("ORD-R" + recipients.size(), recipient, "Harvest"));
        }
    }

    private static boolean allSent(List<String> recipients) {
        return recipients.stream().allMatch(r -> !ServiceITSupport.mailsTo(r).isEmpty());
    }
}

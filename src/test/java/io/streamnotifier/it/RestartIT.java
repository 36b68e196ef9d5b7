package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * A graceful restart of the real jar: the stream position is saved in the lease table, so the restarted service
 * sends exactly the orders written while it was down, and reads nothing it had already done.
 */
class RestartIT {

    @Test
    void after_a_restart_exactly_the_orders_written_while_it_was_down_are_sent() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("RestartIT");
        OrdersTable orders = fixture.orders();
        List<String> before = new ArrayList<>();
        List<String> during = new ArrayList<>();

        try (ServiceProcess first = fixture.service()) {
            first.start();
            insert(orders, before, 10);
            await().atMost(Duration.ofSeconds(60)).until(() -> allSent(before));
        }
        insert(orders, during, 50);
        try (ServiceProcess second = fixture.service()) {
            second.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> allSent(during));
            for (String recipient : before) {
                assertEquals(1, ServiceITSupport.mailsTo(recipient).size(), "sent before the restart, once");
            }
            for (String recipient : during) {
                assertEquals(1, ServiceITSupport.mailsTo(recipient).size(), "written during the downtime, sent once");
            }
            assertFalse(second.output().contains("already sent"),
                    "the restarted service starts after the saved position, not from the start of the stream");
        }
    }

    static void insert(OrdersTable orders, List<String> recipients, int count) {
        for (int i = 0; i < count; i++) {
            String recipient = "order-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            recipients.add(recipient);
            orders.put(OrdersTable.order("ORD-" + recipient.substring(6, 14), recipient, "Harvest"));
        }
    }

    static boolean allSent(List<String> recipients) {
        List<SesMail> mails = SesMail.all();
        return recipients.stream().allMatch(r -> mails.stream().anyMatch(m -> m.to().contains(r)));
    }
}

package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.deadletter.Replay;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Two e-mail routes on the same INSERTs (the shipped confirmation and a copy to the shop, a route file copied from
 * it): the send-once entries are kept per route, so each route sends each order once, whatever the other route did
 * and when: through a dead letter and its replay, and through a re-read of the whole stream.
 */
class TwoEmailRoutesIT extends ServiceITSupport {

    private static final String COPY = "order-copy-to-shop";
    private static final FaultProxy PROXY = FaultProxy.shared();

    @Override
    protected Properties extraProperties() {
        PROXY.plan(recipient -> Fault.PASS);
        PROXY.resetCounts();
        Properties properties = new Properties();
        properties.put("camel.main.routes-include-pattern",
                "file:routes/*.camel.yaml,file:src/test/resources/it-routes/order-copy-to-shop.camel.yaml");
        properties.put("notifier.ses.endpoint", PROXY.endpoint().toString());
        // a send that fails is dead-lettered (no SES-down hold), so there is something to replay
        properties.put("notifier.ses.outage-after-records", "0");
        return properties;
    }

    private String copyLeaseTable() {
        return "stream-notifier-" + orders().name() + "-" + COPY;
    }

    @Test
    void two_email_routes_on_insert_send_exactly_two_emails_per_order_across_a_replay_and_a_reread()
            throws Exception {
        String customer1 = uniqueRecipient();
        String shop1 = uniqueRecipient();
        String customer2 = uniqueRecipient();
        String shop2 = uniqueRecipient();
        // the shop's copy of the first order fails at SES until it is dead-lettered; everything else goes through
        PROXY.plan(recipient -> recipient.equals(shop1) ? Fault.ERROR_500 : Fault.PASS);
        orders().put(order("ORD-T1", customer1, shop1));
        orders().put(order("ORD-T2", customer2, shop2));

        await().atMost(WAIT).until(() -> deadLetters().size() == 1 && counters().count(ROUTE, "sent") == 2
                && counters().count(COPY, "sent") == 1);
        DeadLetter deadLetter = deadLetters().get(0);
        assertEquals(COPY, deadLetter.routeId());
        assertEquals("ORD-T1", deadLetter.record().at("/dynamodb/NewImage/id/S").asText());

        // SES back: the replay sends the shop's copy, although the confirmation of the same record was sent
        PROXY.plan(recipient -> Fault.PASS);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int failedAgain = new Replay(context, deadLetterFile(), new PrintStream(printed, true)).run();
        assertEquals(0, failedAgain, printed.toString());
        assertEquals(List.of(), deadLetters());
        await().atMost(WAIT).until(() -> mailsTo(shop1).size() == 1);

        // both routes read the whole stream again (a crash that lost the positions): every record is skipped
        StreamRewind.rereadFromStart(context, ROUTE, orders().name() + "-leases");
        StreamRewind.rereadFromStart(context, COPY, copyLeaseTable());
        await().atMost(WAIT).until(() -> counters().count(ROUTE, "duplicate") == 2
                && counters().count(COPY, "duplicate") == 2);

        // a second replay has nothing to send
        new Replay(context, deadLetterFile(), new PrintStream(new ByteArrayOutputStream())).run();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> List.of(customer1, shop1, customer2, shop2).stream()
                        .allMatch(recipient -> mailsTo(recipient).size() == 1));
        assertEquals("Pinehead Records: New order (shop copy)", mailsTo(shop2).get(0).subject());
        assertEquals("Pinehead Records: Order Confirmation", mailsTo(customer2).get(0).subject());
        assertEquals(2, counters().count(ROUTE, "sent"));
        assertEquals(2, counters().count(COPY, "sent"));
        assertEquals(List.of(), deadLetters());
    }

    private static Map<String, AttributeValue> order(String id, String customer, String shop) {
        Map<String, AttributeValue> item = new java.util.LinkedHashMap<>(OrdersTable.order(id, customer, "Harvest"));
        item.put("shopEmail", AttributeValue.fromS(shop));
        return item;
    }
}

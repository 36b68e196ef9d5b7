package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Shard rollovers while the service reads: DynamoDB closes a stream's shards every few hours and opens children.
 * The reader must finish each closed parent before its child, and neither re-read nor skip a record.
 */
class ShardRolloverIT extends ServiceITSupport {

    private static final int ORDERS = 300;
    private static final int ROLLOVERS = 5;

    @Test
    void every_order_gets_exactly_one_email_in_order_across_five_rollovers() {
        List<String> recipients = new ArrayList<>();
        int perChunk = ORDERS / (ROLLOVERS + 1);
        for (int chunk = 0; chunk <= ROLLOVERS; chunk++) {
            if (chunk > 0) {
                // the service is still reading the previous chunk: the shard closes under it
                orders().rollShardsOver();
            }
            for (int i = 0; i < perChunk; i++) {
                String recipient = "rollover-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
                recipients.add(recipient);
                orders().put(OrdersTable.order("ORD-R" + recipients.size(), recipient, "Harvest"));
            }
        }

        List<Shard> shards = orders().shards();
        assertEquals(ROLLOVERS + 1, shards.size(), "one shard, then one child per rollover");
        assertEquals(ROLLOVERS, shards.stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() != null)
                .count(), "closed shards");

        await().atMost(Duration.ofSeconds(90)).until(() -> counters().count(ROUTE, "sent") >= ORDERS);
        List<String> sentTo = SesMail.all().stream()
                .flatMap(m -> m.to().stream())
                .filter(to -> to.startsWith("rollover-"))
                .toList();
        // once each, and in the order written: a child shard is read only after its parent is done
        assertEquals(recipients, sentTo);
        assertEquals(ORDERS, counters().count(ROUTE, "sent"));
        assertEquals(0, counters().count(ROUTE, "duplicate"), "no record was read twice");
    }
}

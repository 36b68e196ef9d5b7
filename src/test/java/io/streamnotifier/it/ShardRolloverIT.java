package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Shard rollovers while the service reads: DynamoDB closes a stream's shards every few hours and opens children.
 * The reader must finish each closed parent before its child, and neither re-read nor skip a record. A pass-through
 * proxy in front of the SES emulator notes when each e-mail arrives, to time the step from a parent to its child.
 */
class ShardRolloverIT extends ServiceITSupport {

    private static final int ORDERS = 300;
    private static final int ROLLOVERS = 5;
    /**
     * The longest a child's first e-mail may come after its parent's last one, when the child's records were waiting:
     * the parent's end checkpoint, the KCL's check of the parent (every 500 ms, {@code parentShardPollIntervalMillis};
     * the KCL's default, 10 s, would fail this), the child's first read and its first send, on a loaded machine.
     */
    private static final Duration CHILD_START = Duration.ofSeconds(3);
    private static final FaultProxy PROXY = FaultProxy.shared();
    private static final Map<String, Long> ARRIVALS = new ConcurrentHashMap<>();

    @Override
    protected Properties extraProperties() {
        PROXY.plan(recipient -> Fault.PASS);
        ARRIVALS.clear();
        PROXY.observe(ARRIVALS::putIfAbsent);
        Properties properties = new Properties();
        properties.put("notifier.ses.endpoint", PROXY.endpoint().toString());
        return properties;
    }

    @Test
    void every_order_gets_exactly_one_email_in_order_across_five_rollovers() {
        List<String> recipients = new ArrayList<>();
        List<List<String>> chunks = new ArrayList<>();
        List<Long> chunkWritten = new ArrayList<>();
        int perChunk = ORDERS / (ROLLOVERS + 1);
        for (int chunk = 0; chunk <= ROLLOVERS; chunk++) {
            if (chunk > 0) {
                // the service is still reading the previous chunk: the shard closes under it
                orders().rollShardsOver();
            }
            List<String> inChunk = new ArrayList<>();
            for (int i = 0; i < perChunk; i++) {
                String recipient = "rollover-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
                recipients.add(recipient);
                inChunk.add(recipient);
                orders().put(OrdersTable.order("ORD-R" + recipients.size(), recipient, "Harvest"));
                if (i == 0) {
                    chunkWritten.add(System.nanoTime());
                }
            }
            chunks.add(inChunk);
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

        // from a parent's last e-mail to its child's first, where the child's first order was already written
        List<Long> gaps = new ArrayList<>();
        for (int child = 1; child <= ROLLOVERS; child++) {
            List<String> parent = chunks.get(child - 1);
            long parentLast = ARRIVALS.get(parent.get(parent.size() - 1));
            if (chunkWritten.get(child) < parentLast) {
                gaps.add(TimeUnit.NANOSECONDS.toMillis(ARRIVALS.get(chunks.get(child).get(0)) - parentLast));
            }
        }
        System.out.println("ROLLOVER child's first e-mail after its parent's last (ms): " + gaps);
        assertTrue(gaps.size() >= 3, "most children's orders were waiting when their parent ended: " + gaps);
        assertTrue(gaps.stream().allMatch(gap -> gap <= CHILD_START.toMillis()), "each child started within "
                + CHILD_START.toMillis() + " ms of its parent's end: " + gaps);
    }
}

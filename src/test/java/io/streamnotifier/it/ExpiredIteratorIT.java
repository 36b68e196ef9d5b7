package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import org.junit.jupiter.api.Test;

/**
 * A shard iterator lives 15 minutes. DynamoDB Local's time-dilation test control ages the stream by an hour while the
 * service reads it, so the iterator the reader holds has expired: the read fails, is counted, the KCL asks for a new
 * iterator from the saved position, and the orders after it are sent, none twice.
 */
class ExpiredIteratorIT extends ServiceITSupport {

    @Test
    void an_expired_shard_iterator_is_renewed_and_no_order_is_lost_or_sent_twice() throws Exception {
        String before = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-I1", before, "Harvest"));
        awaitOneMailTo(before);

        DdbStreamConsumer consumer = streamConsumer();
        orders().advanceStreamClock(1);
        await().atMost(WAIT).until(() -> consumer.expiredIteratorReads() >= 1);

        String after = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-I2", after, "Harvest"));
        awaitOneMailTo(after);
        awaitCount("sent", 2);
        assertEquals(1, mailsTo(before).size(), "the order read before the iterator expired is not sent again");
    }
}

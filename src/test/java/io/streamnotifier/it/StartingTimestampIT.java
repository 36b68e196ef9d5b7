package io.streamnotifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import org.junit.jupiter.api.Test;

/**
 * startingPosition AT_TIMESTAMP: a new application notifies the records created from the timestamp on and skips
 * the older ones still in the stream.
 */
class StartingTimestampIT extends ServiceITSupport {

    // written before the service starts (extraProperties runs before the context is built)
    private List<String> before;

    @Override
    protected Properties extraProperties() {
        before = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String recipient = uniqueRecipient();
            before.add(recipient);
            orders().put(OrdersTable.order("ORD-B" + i, recipient, "Harvest"));
        }
        // DynamoDB rounds creation times down to the minute: age the orders above by an hour (DynamoDB Local's test
        // control) rather than wait for the next minute
        orders().advanceStreamClock(1);
        Instant start = Instant.now();
        Properties properties = new Properties();
        properties.put("notifier.stream.starting-position", "AT_TIMESTAMP");
        properties.put("notifier.stream.starting-timestamp", start.toString());
        return properties;
    }

    @Test
    void only_records_created_from_the_timestamp_on_are_notified() {
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String recipient = uniqueRecipient();
            after.add(recipient);
            orders().put(OrdersTable.order("ORD-A" + i, recipient, "Harvest"));
        }
        after.forEach(ServiceITSupport::awaitOneMailTo);
        awaitCount("sent", after.size());
        // the older records come first in the shard: by now they have been read, and skipped
        before.forEach(recipient -> assertEquals(List.of(), mailsTo(recipient), "created before the timestamp"));
        DdbStreamConsumer consumer = streamConsumer();
        assertEquals(before.size(), consumer.skippedBeforeStartingTimestamp());
    }
}

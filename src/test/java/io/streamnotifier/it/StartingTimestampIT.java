package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        // the stream's creation times are whole seconds: start at the next second, once it has begun
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        await().atMost(Duration.ofSeconds(3)).until(() -> !Instant.now().isBefore(start));
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
        DdbStreamConsumer consumer = (DdbStreamConsumer) context.getRoute(ROUTE).getConsumer();
        assertEquals(before.size(), consumer.skippedBeforeStartingTimestamp());
    }
}

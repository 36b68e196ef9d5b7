package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The table's stream disabled and enabled again while the service runs: the old stream is read to its end, then
 * the new stream (a new ARN) from its start, without a restart.
 */
class StreamReenabledIT extends ServiceITSupport {

    @Override
    protected Properties extraProperties() {
        Properties properties = new Properties();
        properties.put("notifier.stream.stream-check-interval-ms", "500");
        return properties;
    }

    @Test
    void orders_on_both_sides_of_a_stream_replacement_are_each_sent_once() {
        List<String> first = put(3);
        first.forEach(ServiceITSupport::awaitOneMailTo);

        String oldStream = orders().streamArn();
        // written just before the stream is disabled: they may still be unread in the old stream
        List<String> beforeDisable = put(3);
        orders().disableStream();
        List<String> whileDisabled = put(1);
        orders().enableStream();
        assertNotEquals(oldStream, orders().streamArn(), "enabling again makes a new stream");
        List<String> newStream = put(3);

        await().atMost(Duration.ofSeconds(60)).until(() -> counters().count(ROUTE, "sent") >= 9);
        for (List<String> group : List.of(first, beforeDisable, newStream)) {
            group.forEach(recipient -> assertEquals(1, mailsTo(recipient).size(), recipient));
        }
        // DynamoDB records nothing while the stream is disabled: that order is in no stream
        whileDisabled.forEach(recipient -> assertEquals(List.of(), mailsTo(recipient)));
        assertEquals(9, counters().count(ROUTE, "sent"));
        // the old stream is read to its end before the new one: the emulator keeps its e-mails in the order received
        List<String> received = SesMail.all().stream().flatMap(m -> m.to().stream()).toList();
        int lastOld = beforeDisable.stream().mapToInt(received::indexOf).max().orElseThrow();
        int firstNew = newStream.stream().mapToInt(received::indexOf).min().orElseThrow();
        assertTrue(lastOld < firstNew, "every order of the old stream e-mailed before the first of the new one: "
                + "positions " + beforeDisable.stream().map(received::indexOf).toList() + " then "
                + newStream.stream().map(received::indexOf).toList());
    }

    private List<String> put(int count) {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String recipient = uniqueRecipient();
            recipients.add(recipient);
            orders().put(OrdersTable.order("ORD-" + recipient.substring(6, 14), recipient, "Harvest"));
        }
        return recipients;
    }
}

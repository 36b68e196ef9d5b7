package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The table's stream disabled and enabled again while the service is stopped: at the next start the old stream's
 * rest is read first, then the new stream from its start, its leases written at once as for a new stream.
 */
class StreamReplacedWhileDownIT {

    @Test
    void orders_of_the_old_stream_and_of_the_new_one_written_while_down_are_each_sent_once() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("StreamReplacedWhileDownIT");
        OrdersTable orders = fixture.orders();
        List<String> first = new ArrayList<>();
        List<String> oldStream = new ArrayList<>();
        List<String> newStream = new ArrayList<>();
        String oldArn = orders.streamArn();
        try (ServiceProcess service = fixture.service()) {
            service.start();
            RestartIT.insert(orders, first, 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> RestartIT.allSent(first));
        }
        // while down: orders on the old stream, the stream replaced, orders on the new one
        RestartIT.insert(orders, oldStream, 2);
        orders.disableStream();
        orders.enableStream();
        assertNotEquals(oldArn, orders.streamArn(), "a new stream");
        RestartIT.insert(orders, newStream, 2);

        // the finished old stream is noticed at the next check (every 30 s by default)
        try (ServiceProcess service = fixture.service().env("NOTIFIER_STREAM_CHECK_INTERVAL_MS", "2000")) {
            service.start();
            List<String> all = new ArrayList<>(oldStream);
            all.addAll(newStream);
            await().atMost(Duration.ofSeconds(90)).until(() -> RestartIT.allSent(all));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> all.stream()
                    .allMatch(r -> ServiceITSupport.mailsTo(r).size() == 1));
            for (String recipient : first) {
                assertEquals(1, ServiceITSupport.mailsTo(recipient).size(), "sent before the stop, not again");
            }
            assertTrue(service.output().contains("first start on this stream"), service.output());
        }
    }
}

package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamnotifier.it.support.LogCapture;
import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * A reader that comes back after more than the stream's 24 hours finds its saved position trimmed: the records it
 * missed are gone. It must say so (a WARN line and a count), not fail silently. DynamoDB Local ages records with its
 * time-dilation test control.
 * <p>
 * What happens next differs: DynamoDB resumes at the oldest record it still has (the adapter asks for TRIM_HORIZON);
 * DynamoDB Local refuses TRIM_HORIZON on such a shard too, so this test stops at the count.
 */
class TrimmedDataIT extends ServiceITSupport {

    @Test
    void a_position_older_than_the_stream_keeps_is_logged_and_counted() throws Exception {
        String early = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-T1", early, "Harvest"));
        awaitOneMailTo(early);
        awaitCount("sent", 1);

        // stop the reader itself (the Kamelet's route), not the notification's route: a reader left running would
        // read ORD-T2 before the clock moves on and hold it until the notification's route started again
        String reader = streamConsumer().getRouteId();
        context.getRouteController().stopRoute(reader);
        String missed = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-T2", missed, "Harvest"));
        orders().advanceStreamClock(25);
        DdbStreamConsumer consumer;
        List<String> warnings;
        try (LogCapture capture = LogCapture.start(Level.WARN)) {
            context.getRouteController().startRoute(reader);
            consumer = streamConsumer();
            // the adapter reads the trimmed position again and again (DynamoDB Local refuses TRIM_HORIZON there too)
            await().atMost(Duration.ofSeconds(60)).until(() -> consumer.trimmedDataReads() >= 2
                    && capture.lines().stream().anyMatch(TrimmedDataIT::trimmedWarning));
            warnings = capture.lines().stream().filter(TrimmedDataIT::trimmedWarning).toList();
        }
        // one WARN naming the table for several trimmed reads: at most one a minute
        assertEquals(1, warnings.size(), "one WARN for " + consumer.trimmedDataReads() + " trimmed read(s): "
                + warnings);
        assertTrue(warnings.get(0).startsWith("WARN ") && warnings.get(0).contains("table " + orders().name() + " "),
                warnings.get(0));
        assertEquals(List.of(), mailsTo(missed), "a record older than 24 hours is gone from the stream");
        assertEquals(1, counters().count(ROUTE, "sent"));
        // the restarted reader is a new consumer: its count, not the first one's, is the one exported
        double exported = context.getRegistry().lookupByNameAndType("meterRegistry", MeterRegistry.class)
                .get("notifier.stream.trimmed.reads").tag("table", orders().name()).functionCounter().count();
        assertEquals(consumer.trimmedDataReads(), (long) exported);
    }

    private static boolean trimmedWarning(String line) {
        return line.contains("is older than the stream keeps (24 hours)");
    }
}

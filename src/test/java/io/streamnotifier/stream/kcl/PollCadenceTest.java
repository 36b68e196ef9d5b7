package io.streamnotifier.stream.kcl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.polling.SleepTimeControllerConfig;

class PollCadenceTest {

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(long ms) {
            now = now.plusMillis(ms);
        }
    }

    private final HandClock clock = new HandClock();
    private final PollCadence cadence = new PollCadence(100, 50, 1000, clock);

    /** The sleep before the next read, a read having started {@code msAgo} ms ago and returned {@code records}. */
    private long sleepAfter(int records, long msAgo) {
        return cadence.getSleepTimeMillis(SleepTimeControllerConfig.builder()
                .lastSuccessfulCall(clock.instant().minusMillis(msAgo))
                .lastRecordsCount(records)
                .idleMillisBetweenCalls(100)
                .build());
    }

    @Test
    void a_quiet_shard_is_read_every_poll_interval_counted_from_the_previous_read() {
        assertEquals(90, sleepAfter(0, 10));
        assertEquals(0, sleepAfter(0, 150), "a slow read: the next one at once");
    }

    @Test
    void a_full_batch_is_followed_by_a_read_at_once() {
        assertEquals(0, sleepAfter(100, 5));
    }

    @Test
    void after_a_read_with_records_the_shard_is_read_every_busy_interval_for_the_busy_period() {
        assertEquals(40, sleepAfter(1, 10), "records: busy");
        clock.advance(500);
        assertEquals(40, sleepAfter(0, 10), "an empty read half a second later: still busy");
        clock.advance(600);
        assertEquals(90, sleepAfter(0, 10), "more than the busy period since records: quiet again");
    }

    @Test
    void the_busy_period_is_kept_per_reading_thread_that_is_per_shard() throws Exception {
        assertEquals(40, sleepAfter(3, 10));
        long[] other = new long[1];
        Thread thread = new Thread(() -> other[0] = sleepAfter(0, 10));
        thread.start();
        thread.join(Duration.ofSeconds(10).toMillis());
        assertEquals(90, other[0], "another shard that found nothing stays at the poll interval");
    }

    @Test
    void no_busy_interval_means_the_poll_interval_always() {
        PollCadence steady = new PollCadence(100, 0, 1000, clock);
        SleepTimeControllerConfig read = SleepTimeControllerConfig.builder().lastSuccessfulCall(clock.instant()
                .minusMillis(10)).lastRecordsCount(5).idleMillisBetweenCalls(100).build();
        assertEquals(90, steady.getSleepTimeMillis(read));
    }

    @Test
    void the_first_read_waits_the_poll_interval() {
        assertEquals(100, cadence.getSleepTimeMillis(SleepTimeControllerConfig.builder()
                .idleMillisBetweenCalls(100).build()));
    }
}

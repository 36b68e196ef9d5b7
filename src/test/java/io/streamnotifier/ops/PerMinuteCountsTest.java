package io.streamnotifier.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The per-minute ring on a fake clock. */
class PerMinuteCountsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:10Z"));
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    private void advance(Duration by) {
        now.set(now.get().plus(by));
    }

    @Test
    void counts_land_in_their_minute_oldest_first_current_minute_last() {
        PerMinuteCounts counts = new PerMinuteCounts(5, clock);
        counts.increment();
        counts.increment();
        advance(Duration.ofSeconds(45)); // 10:00:55, same minute
        counts.increment();
        advance(Duration.ofMinutes(2)); // 10:02:55
        counts.increment();

        PerMinuteCounts.Snapshot snapshot = counts.snapshot();
        assertArrayEquals(new long[] {0, 0, 3, 0, 1}, snapshot.counts());
        assertEquals(Instant.parse("2026-11-25T10:03:00Z"), snapshot.end());
    }

    @Test
    void minutes_older_than_the_ring_are_forgotten_even_in_a_reused_slot() {
        PerMinuteCounts counts = new PerMinuteCounts(3, clock);
        counts.increment(); // 10:00
        advance(Duration.ofMinutes(3)); // 10:03: the slot of 10:00 again
        assertArrayEquals(new long[] {0, 0, 0}, counts.snapshot().counts());
        counts.increment();
        assertArrayEquals(new long[] {0, 0, 1}, counts.snapshot().counts());
        advance(Duration.ofHours(5));
        assertArrayEquals(new long[] {0, 0, 0}, counts.snapshot().counts());
    }
}

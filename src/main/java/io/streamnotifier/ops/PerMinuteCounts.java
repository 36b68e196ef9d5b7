package io.streamnotifier.ops;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Counts of something (e-mails sent) per minute over the last {@code minutes} minutes, in memory: a ring of one
 * slot per minute, each stamped with its minute so that a slot left from an earlier hour counts as empty. What the
 * status page draws as its sends-per-minute chart; the counts start at zero when the service starts.
 */
public final class PerMinuteCounts {

    private final Clock clock;
    private final long[] counts;
    private final long[] minuteOf;

    public PerMinuteCounts(int minutes, Clock clock) {
        if (minutes < 1) {
            throw new IllegalArgumentException("minutes must be at least 1");
        }
        this.clock = clock;
        this.counts = new long[minutes];
        this.minuteOf = new long[minutes];
        java.util.Arrays.fill(minuteOf, -1);
    }

    /** Counts one occurrence now. */
    public void increment() {
        long minute = minute(clock.instant());
        int slot = slot(minute);
        synchronized (this) {
            if (minuteOf[slot] != minute) {
                minuteOf[slot] = minute;
                counts[slot] = 0;
            }
            counts[slot]++;
        }
    }

    /** The counts of the last {@code minutes} minutes, oldest first; the last one is the current minute so far. */
    public Snapshot snapshot() {
        long now = minute(clock.instant());
        long[] out = new long[counts.length];
        synchronized (this) {
            for (int i = 0; i < out.length; i++) {
                long minute = now - (out.length - 1) + i;
                int slot = slot(minute);
                out[i] = minuteOf[slot] == minute ? counts[slot] : 0;
            }
        }
        return new Snapshot(Instant.ofEpochSecond(now * 60).plus(1, ChronoUnit.MINUTES), out);
    }

    private int slot(long minute) {
        return (int) Math.floorMod(minute, (long) counts.length);
    }

    private static long minute(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 60);
    }

    /** Counts per minute, oldest first, for the minutes that end at {@code end} (the end of the current minute). */
    public record Snapshot(Instant end, long[] counts) {
    }
}

package io.streamnotifier.stream.kcl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import software.amazon.kinesis.retrieval.polling.SleepTimeController;
import software.amazon.kinesis.retrieval.polling.SleepTimeControllerConfig;

/**
 * When a shard is read next, counted from the start of the previous read: at once after a full batch, since more
 * records are then waiting; every {@code busyIntervalMs} while the shard is busy (a read returned records within
 * the last {@code busyPeriodMs}); otherwise every poll interval, whether the last read found records or not.
 * <p>
 * The DynamoDB Streams adapter's own controller doubles the interval after an empty read, which doubles the wait
 * of the first order after a quiet spell (the usual case for order e-mails). A quiet shard costs one GetRecords
 * call per poll interval; a busy one up to one per busy interval.
 * <p>
 * One controller serves every shard of a scheduler; the KCL reads each shard on its own prefetch thread
 * ({@code prefetch-cache-SHARD}), so the time of a shard's last non-empty read is kept per thread.
 */
final class PollCadence implements SleepTimeController {

    private final int batchSize;
    private final long busyIntervalMs;
    private final long busyPeriodMs;
    private final Clock clock;
    private final ThreadLocal<Instant> lastRecordsAt = new ThreadLocal<>();

    PollCadence(int batchSize, long busyIntervalMs, long busyPeriodMs, Clock clock) {
        this.batchSize = batchSize;
        this.busyIntervalMs = busyIntervalMs;
        this.busyPeriodMs = busyPeriodMs;
        this.clock = clock;
    }

    @Override
    public long getSleepTimeMillis(SleepTimeControllerConfig config) {
        long interval = config.idleMillisBetweenCalls();
        Instant last = config.lastSuccessfulCall();
        Integer records = config.lastRecordsCount();
        if (last == null || records == null) {
            return interval;
        }
        if (records >= batchSize) {
            return 0;
        }
        Instant now = clock.instant();
        if (records > 0) {
            lastRecordsAt.set(last);
        }
        Instant busySince = lastRecordsAt.get();
        if (busyIntervalMs > 0 && busySince != null
                && Duration.between(busySince, now).toMillis() < busyPeriodMs) {
            interval = Math.min(interval, busyIntervalMs);
        }
        long since = Duration.between(last, now).abs().toMillis();
        return Math.max(0, interval - since);
    }
}

package io.streamnotifier.stream.kcl;

import java.time.Duration;
import java.time.Instant;

import software.amazon.kinesis.retrieval.polling.SleepTimeController;
import software.amazon.kinesis.retrieval.polling.SleepTimeControllerConfig;

/**
 * When a shard is read next: every poll interval (counted from the start of the previous read), whether the last
 * read found records or not, and at once after a full batch, since more records are then waiting.
 * <p>
 * The DynamoDB Streams adapter's own controller doubles the interval after an empty read, which doubles the wait
 * of the first order after a quiet spell (the usual case for order e-mails).
 */
final class PollCadence implements SleepTimeController {

    private final int batchSize;

    PollCadence(int batchSize) {
        this.batchSize = batchSize;
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
        long since = Duration.between(last, Instant.now()).abs().toMillis();
        return Math.max(0, interval - since);
    }
}

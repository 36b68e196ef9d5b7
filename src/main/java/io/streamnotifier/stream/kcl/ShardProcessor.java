package io.streamnotifier.stream.kcl;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

/**
 * One shard's reader: routes the records of each batch (in order, or per item key in order with parallelism above
 * 1: {@link DdbStreamConsumer#deliverBatch}), then checkpoints, so the saved position only ever covers records whose
 * exchanges have completed: after every batch, or with {@code checkpointIntervalMs} at most that often (a batch
 * that completed in between is saved with the next checkpoint; a crash re-reads it, and the send-once table skips
 * its records). At the end of a shard (rollover) it checkpoints so the
 * KCL moves on to the child shards, which it starts only after their parent is done.
 * <p>
 * A batch left unfinished (the consumer stopping, the shard's lease lost, a failure that cannot be retried) is never
 * checkpointed past, not even at the shard's end: its records are read again from the last checkpoint, by this
 * worker at its next start or by the lease's next owner. Nothing thrown here reaches the KCL, which would log the
 * batch's records in full and skip them.
 */
final class ShardProcessor implements DynamoDBStreamsShardRecordProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ShardProcessor.class);

    /** What a shard's reader needs of the stream consumer ({@link DdbStreamConsumer}); a test stands in for it. */
    interface Reader {

        String tableName();

        long checkpointIntervalMs();

        void shardStarted(String shardId, ShardProcessor processor);

        void shardStopped(String shardId);

        void observeLag(String shardId, Long millisBehindLatest);

        /**
         * Routes the records and returns once every exchange started has completed, telling {@code completed} of
         * each record done; false if it stopped first (the consumer stopping, or the lease lost).
         */
        boolean deliverBatch(List<Record> records, String shardId, Consumer<Record> completed);

        /** Whether a batch that failed may be tried again: the consumer runs and the shard's lease is still ours. */
        boolean mayRetry(String shardId);

        /** Lets the shard's lease go, so that the shard is read again from its last checkpoint. */
        void releaseShard(String shardId);

        /** Whether the consumer is stopping (its leases are then handed back, not lost). */
        default boolean stopping() {
            return false;
        }
    }

    private static final Duration MAX_PAUSE = Duration.ofMinutes(1);
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Reader consumer;
    private final long checkpointIntervalNanos;
    private final Duration firstPause;
    private String shardId;
    /** Batches completed since the last checkpoint: their records count, not yet saved as the position. */
    private int uncheckpointed;
    private long lastCheckpoint = System.nanoTime();
    /**
     * A batch was left unfinished (the consumer is stopping, the lease was lost, a failure): no record after it may
     * be handled, and no checkpoint written, not even at the shard's end.
     */
    private boolean incomplete;
    /** The checkpointer of the last batch, and the last record of the last completed batch not yet saved. */
    private RecordProcessorCheckpointer checkpointer;
    private String uncheckpointedUpTo;

    ShardProcessor(DdbStreamConsumer consumer) {
        this(consumer, Duration.ofSeconds(1));
    }

    /** @param firstPause the wait before a failed batch is tried again; it doubles up to a minute */
    ShardProcessor(Reader consumer, Duration firstPause) {
        this.consumer = consumer;
        this.checkpointIntervalNanos = TimeUnit.MILLISECONDS.toNanos(consumer.checkpointIntervalMs());
        this.firstPause = firstPause;
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        consumer.shardStarted(shardId, this);
        LOG.info("reading shard {} of table {} from {}", shardId, consumer.tableName(),
                input.extendedSequenceNumber());
    }

    @Override
    public synchronized void processRecords(DynamoDBStreamsProcessRecordsInput input) {
        if (incomplete) {
            return; // nothing after an unfinished batch may be handled or checkpointed
        }
        try {
            consumer.observeLag(shardId, lag(input));
            List<Record> records = input.records().stream().map(DynamoDBStreamsClientRecord::getRecord).toList();
            if (!deliver(records)) {
                LOG.info("left a batch of shard {} unfinished (stopping, or its lease is no longer ours): not "
                        + "checkpointed, the rest is read again from the last checkpoint", shardId);
                incomplete = true;
                return;
            }
            uncheckpointed += records.size();
            checkpointer = input.checkpointer();
            if (!records.isEmpty()) {
                uncheckpointedUpTo = records.get(records.size() - 1).dynamodb().sequenceNumber();
            }
            // the KCL calls this after empty reads too, so a pending checkpoint is written within the interval
            if (uncheckpointed > 0 && System.nanoTime() - lastCheckpoint >= checkpointIntervalNanos) {
                checkpoint(input.checkpointer(), uncheckpointed + " record(s)");
                uncheckpointed = 0;
                uncheckpointedUpTo = null;
                lastCheckpoint = System.nanoTime();
            }
        } catch (Throwable e) {
            // never to the KCL: it would log the batch's records in full and move on, its next checkpoint past them
            incomplete = true;
            LOG.error("reading shard {} failed outside a record ({}): not checkpointed; letting its lease go so the "
                    + "shard is read again from the last checkpoint", shardId, LogSafe.reason(e));
            release();
        }
    }

    /**
     * Hands the records to the consumer; a batch that fails (an {@link Error} of a worker thread, say) is tried again
     * with a growing pause, holding the shard, minus the records that completed, as long as the consumer runs and
     * the lease is ours. Returns false if the batch was left unfinished.
     */
    private boolean deliver(List<Record> records) {
        Set<Record> done = ConcurrentHashMap.newKeySet();
        Consumer<Record> completed = done::add;
        List<Record> rest = records;
        Duration pause = firstPause;
        while (true) {
            try {
                return consumer.deliverBatch(rest, shardId, completed);
            } catch (Throwable e) {
                List<Record> left = records.stream().filter(r -> !done.contains(r)).toList();
                // the reason only: the KCL's own log of a failed batch would hold every record in full
                LOG.error("a batch of shard {} failed ({}); {} of its {} records not done; holding the shard and "
                        + "trying them again in {} ms", shardId, LogSafe.reason(e), left.size(), records.size(),
                        pause.toMillis());
                // in short steps, so that a stop or a lost lease ends the wait at once
                long until = System.nanoTime() + pause.toNanos();
                do {
                    if (!consumer.mayRetry(shardId)) {
                        return false;
                    }
                    LockSupport.parkNanos(Math.min(STEP_NANOS, until - System.nanoTime()));
                } while (System.nanoTime() < until);
                if (!consumer.mayRetry(shardId)) {
                    return false;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
                rest = left;
            }
        }
    }

    private void release() {
        try {
            consumer.releaseShard(shardId);
        } catch (Throwable e) {
            LOG.warn("could not let the lease of shard {} go ({})", shardId, LogSafe.reason(e));
        }
    }

    /**
     * Saves the position of the completed batches not saved yet (held back by the checkpoint interval), at their
     * last record: called by a quick stop once no batch is in flight, so a later batch, read but not routed, is not
     * covered.
     */
    synchronized void checkpointCompleted() {
        if (uncheckpointedUpTo == null || checkpointer == null) {
            return;
        }
        try {
            checkpointer.checkpoint(uncheckpointedUpTo);
            LOG.debug("checkpointed shard {} at stop", shardId);
            uncheckpointed = 0;
            uncheckpointedUpTo = null;
        } catch (ShutdownException e) {
            LOG.info("shard {} is no longer ours; not checkpointing at stop", shardId);
        } catch (ThrottlingException | InvalidStateException | KinesisClientLibDependencyException
                | IllegalArgumentException e) {
            LOG.warn("could not checkpoint shard {} at stop ({}); its last records may be read again", shardId,
                    e.getMessage());
        }
    }

    /**
     * How far behind the shard's newest record: the adapter's figure when it gives one, else the age of the last
     * record read (DynamoDB stamps records to the minute), or 0 when the read found nothing new.
     */
    private static Long lag(DynamoDBStreamsProcessRecordsInput input) {
        if (input.millisBehindLatest() != null) {
            return input.millisBehindLatest();
        }
        if (input.records().isEmpty()) {
            return 0L;
        }
        var last = input.records().get(input.records().size() - 1).getRecord().dynamodb();
        if (last == null || last.approximateCreationDateTime() == null) {
            return null;
        }
        return Math.max(0, java.time.Duration.between(last.approximateCreationDateTime(), java.time.Instant.now())
                .toMillis());
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        if (consumer.stopping()) {
            LOG.debug("lease of shard {} let go at stop", shardId);
        } else {
            LOG.info("lease of shard {} lost to another worker", shardId);
        }
        consumer.shardStopped(shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        if (incomplete) {
            // SHARD_END would cover the unfinished batch, and the shard is never read again: the KCL tries the
            // shard's end again later, and the shard is read from the last checkpoint at the next start or by the
            // lease's next owner
            LOG.info("shard {} ended, but a batch of it was left unfinished: not checkpointing its end", shardId);
            return;
        }
        LOG.info("shard {} ended (rollover, or the stream was disabled); its children come next", shardId);
        checkpoint(input.checkpointer(), "shard end");
        consumer.shardStopped(shardId);
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        if (incomplete) {
            // the checkpointer would save the end of the unfinished batch: its rest is read again instead
            LOG.info("not checkpointing shard {} at shutdown: a batch was left unfinished", shardId);
        } else {
            checkpoint(input.checkpointer(), "shutdown");
        }
        consumer.shardStopped(shardId);
    }

    private void checkpoint(RecordProcessorCheckpointer checkpointer, String what) {
        try {
            checkpointer.checkpoint();
            LOG.debug("checkpointed shard {} after {}", shardId, what);
        } catch (ShutdownException e) {
            LOG.info("shard {} is no longer ours; not checkpointing after {}", shardId, what);
        } catch (ThrottlingException | InvalidStateException | KinesisClientLibDependencyException e) {
            LOG.warn("could not checkpoint shard {} after {} ({}); those records may be read again",
                    shardId, what, e.getMessage());
        }
    }
}

package io.streamnotifier.stream.kcl;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 */
final class ShardProcessor implements DynamoDBStreamsShardRecordProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ShardProcessor.class);

    private final DdbStreamConsumer consumer;
    private final long checkpointIntervalNanos;
    private String shardId;
    /** Batches completed since the last checkpoint: their records count, not yet saved as the position. */
    private int uncheckpointed;
    private long lastCheckpoint = System.nanoTime();
    /** A batch was left unfinished (the consumer is stopping): no checkpoint may be written after it. */
    private boolean incomplete;
    /** The checkpointer of the last batch, and the last record of the last completed batch not yet saved. */
    private RecordProcessorCheckpointer checkpointer;
    private String uncheckpointedUpTo;

    ShardProcessor(DdbStreamConsumer consumer) {
        this.consumer = consumer;
        this.checkpointIntervalNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                consumer.getEndpoint().getCheckpointIntervalMs());
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        consumer.shardStarted(shardId, this);
        LOG.info("reading shard {} of table {} from {}", shardId, consumer.getEndpoint().getTableName(),
                input.extendedSequenceNumber());
    }

    @Override
    public synchronized void processRecords(DynamoDBStreamsProcessRecordsInput input) {
        if (incomplete) {
            return; // stopping: nothing after an unfinished batch may be handled or checkpointed
        }
        consumer.observeLag(shardId, lag(input));
        java.util.List<software.amazon.awssdk.services.dynamodb.model.Record> records = input.records().stream()
                .map(DynamoDBStreamsClientRecord::getRecord).toList();
        if (!consumer.deliverBatch(records, shardId)) {
            LOG.info("stopping in the middle of a batch of shard {}: not checkpointed, the rest is read again", shardId);
            incomplete = true;
            return;
        }
        uncheckpointed += input.records().size();
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
        LOG.info("lease of shard {} lost to another worker", shardId);
        consumer.shardStopped(shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
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

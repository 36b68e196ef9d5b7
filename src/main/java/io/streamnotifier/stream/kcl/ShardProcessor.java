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
 * One shard's reader: routes the records of each batch in order, then checkpoints the batch, so the saved position
 * only ever covers records whose exchanges have completed. At the end of a shard (rollover) it checkpoints so the
 * KCL moves on to the child shards, which it starts only after their parent is done.
 */
final class ShardProcessor implements DynamoDBStreamsShardRecordProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ShardProcessor.class);

    private final DdbStreamConsumer consumer;
    private String shardId;

    ShardProcessor(DdbStreamConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        consumer.shardStarted(shardId);
        LOG.info("reading shard {} of table {} from {}", shardId, consumer.getEndpoint().getTableName(),
                input.extendedSequenceNumber());
    }

    @Override
    public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
        consumer.observeLag(shardId, lag(input));
        for (DynamoDBStreamsClientRecord record : input.records()) {
            if (!consumer.deliver(record.getRecord(), shardId)) {
                LOG.info("stopping in the middle of a batch of shard {}: not checkpointed, the rest is read again", shardId);
                return;
            }
        }
        if (!input.records().isEmpty()) {
            checkpoint(input.checkpointer(), "batch of " + input.records().size());
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
        checkpoint(input.checkpointer(), "shutdown");
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

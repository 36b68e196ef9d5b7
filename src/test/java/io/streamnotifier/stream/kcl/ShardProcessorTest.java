package io.streamnotifier.stream.kcl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import io.streamnotifier.it.support.LogCapture;
import io.streamnotifier.stream.Fixtures;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * The shard reader against a stand-in consumer and checkpointer: what it checkpoints after a batch left unfinished,
 * and what it does when the batch throws (an {@link Error} of a worker thread included).
 */
class ShardProcessorTest {

    private static final String SHARD = "shardId-00000001";

    /** The consumer as the shard reader sees it: each call to deliverBatch answers with the next behaviour. */
    private static final class FakeReader implements ShardProcessor.Reader {

        interface Delivery {
            boolean deliver(List<Record> records, Consumer<Record> completed);
        }

        final List<Delivery> deliveries = new ArrayList<>();
        final List<List<Record>> batches = Collections.synchronizedList(new ArrayList<>());
        final List<String> released = new ArrayList<>();
        boolean leaseOurs = true;
        RuntimeException lagFailure;
        Error lagError;

        @Override
        public String tableName() {
            return "Orders";
        }

        @Override
        public long checkpointIntervalMs() {
            return 0;
        }

        @Override
        public void shardStarted(String shardId, ShardProcessor processor) {
        }

        @Override
        public void shardStopped(String shardId) {
        }

        @Override
        public void observeLag(String shardId, Long millisBehindLatest) {
            if (lagError != null) {
                throw lagError;
            }
        }

        @Override
        public boolean deliverBatch(List<Record> records, String shardId, Consumer<Record> completed) {
            batches.add(List.copyOf(records));
            Delivery next = deliveries.isEmpty() ? (r, c) -> {
                r.forEach(c);
                return true;
            } : deliveries.remove(0);
            return next.deliver(records, completed);
        }

        @Override
        public boolean mayRetry(String shardId) {
            return leaseOurs;
        }

        @Override
        public void releaseShard(String shardId) {
            released.add(shardId);
        }
    }

    /** A checkpointer that counts its checkpoint() calls (every other method is not expected here). */
    private static final class Checkpoints {
        final AtomicInteger count = new AtomicInteger();
        final RecordProcessorCheckpointer checkpointer = (RecordProcessorCheckpointer) Proxy.newProxyInstance(
                RecordProcessorCheckpointer.class.getClassLoader(), new Class<?>[] {RecordProcessorCheckpointer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("checkpoint") && (args == null || args.length == 0)) {
                        count.incrementAndGet();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private final FakeReader reader = new FakeReader();
    private final Checkpoints checkpoints = new Checkpoints();
    private final ShardProcessor processor = new ShardProcessor(reader, Duration.ofMillis(10));

    private static List<Record> records(int count) throws Exception {
        Record insert = Fixtures.record("insert");
        List<Record> records = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String seq = Integer.toString(1000 + i);
            records.add(insert.toBuilder().eventID("event-" + i)
                    .dynamodb(insert.dynamodb().toBuilder().sequenceNumber(seq).build()).build());
        }
        return records;
    }

    private DynamoDBStreamsProcessRecordsInput batch(List<Record> records) {
        return DynamoDBStreamsProcessRecordsInput.builder()
                .records(records.stream().map(DynamoDBStreamsClientRecord::fromRecord).toList())
                .checkpointer(checkpoints.checkpointer).millisBehindLatest(0L).build();
    }

    private void start() {
        processor.initialize(InitializationInput.builder().shardId(SHARD)
                .extendedSequenceNumber(ExtendedSequenceNumber.TRIM_HORIZON).build());
    }

    @Test
    void a_completed_batch_is_checkpointed_and_so_is_the_shard_end() throws Exception {
        start();
        processor.processRecords(batch(records(3)));
        assertEquals(1, checkpoints.count.get(), "the batch");
        processor.shardEnded(ShardEndedInput.builder().checkpointer(checkpoints.checkpointer).build());
        assertEquals(2, checkpoints.count.get(), "the batch and SHARD_END");
    }

    @Test
    void the_shard_end_is_not_checkpointed_past_a_batch_left_unfinished() throws Exception {
        start();
        // the consumer stops while a record is held (SES circuit, dead-letter store down): the batch is unfinished
        reader.deliveries.add((records, completed) -> {
            completed.accept(records.get(0));
            return false;
        });
        processor.processRecords(batch(records(3)));
        processor.processRecords(batch(records(2)));
        processor.shardEnded(ShardEndedInput.builder().checkpointer(checkpoints.checkpointer).build());

        assertEquals(0, checkpoints.count.get(), "SHARD_END would cover the records left unsent");
        assertEquals(1, reader.batches.size(), "nothing after the unfinished batch is handled");
    }

    @Test
    void an_error_of_a_worker_thread_holds_the_shard_and_tries_the_rest_of_the_batch_again() throws Exception {
        start();
        List<Record> records = records(3);
        reader.deliveries.add((batch, completed) -> {
            completed.accept(batch.get(0));
            throw new OutOfMemoryError("Java heap space");
        });
        try (LogCapture logs = LogCapture.start(Level.DEBUG)) {
            assertDoesNotThrow(() -> processor.processRecords(batch(records)),
                    "an Error reaching the KCL makes it log the records in full and skip them");

            assertEquals(List.of(records, records.subList(1, 3)), reader.batches,
                    "tried again without the record that completed");
            assertEquals(1, checkpoints.count.get(), "checkpointed once every record completed");
            assertTrue(logs.lines().stream().anyMatch(l -> l.startsWith("ERROR") && l.contains(SHARD)
                    && l.contains("OutOfMemoryError")), logs.lines().toString());
            String email = records.get(1).dynamodb().newImage().get("email").s();
            assertFalse(logs.lines().stream().anyMatch(l -> l.contains(email) || l.contains("NewImage")),
                    "no record content in the log: " + logs.lines());
        }
    }

    @Test
    void a_batch_that_fails_after_the_lease_was_lost_is_left_unfinished_and_not_checkpointed() throws Exception {
        start();
        reader.deliveries.add((batch, completed) -> {
            reader.leaseOurs = false;
            throw new IllegalStateException("exchange failed");
        });
        assertDoesNotThrow(() -> processor.processRecords(batch(records(2))));
        processor.processRecords(batch(records(2)));
        processor.shutdownRequested(ShutdownRequestedInput.builder().checkpointer(checkpoints.checkpointer).build());

        assertEquals(1, reader.batches.size(), "not tried again for a lease that is not ours");
        assertEquals(0, checkpoints.count.get());
    }

    @Test
    void an_error_outside_the_records_lets_the_lease_go_without_a_checkpoint() throws Exception {
        start();
        reader.lagError = new StackOverflowError();
        assertDoesNotThrow(() -> processor.processRecords(batch(records(2))));
        reader.lagError = null;
        processor.processRecords(batch(records(2)));
        processor.shardEnded(ShardEndedInput.builder().checkpointer(checkpoints.checkpointer).build());

        assertEquals(0, checkpoints.count.get());
        assertEquals(List.of(SHARD), reader.released, "the shard is read again from its last checkpoint");
        assertTrue(reader.batches.isEmpty());
    }
}

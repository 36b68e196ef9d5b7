package io.streamnotifier.stream.kcl;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/**
 * The KCL scheduler of one consumer, on its own thread: started on a stream, stopped gracefully, at once (a replaced
 * stream read to its end) or quickly ({@link #stopQuickly}); and what the consumer asks of its leases while it runs.
 */
final class KclReader {

    /** The consumer's lines, under its name. */
    private static final Logger LOG = LoggerFactory.getLogger(DdbStreamConsumer.class);

    private final DdbStreamEndpoint endpoint;
    private final ShardRecordProcessorFactory processors;
    private final ReadCounters counters;
    private final LeaseFence fence;
    private volatile Scheduler scheduler;
    private volatile Thread schedulerThread;
    private volatile String streamArn;
    private volatile Instant readingSince;
    /** The stream client of the running scheduler, which counts and logs trimmed and expired reads. */
    private volatile StreamReadWatch watch;

    KclReader(DdbStreamEndpoint endpoint, ShardRecordProcessorFactory processors, ReadCounters counters) {
        this.endpoint = endpoint;
        this.processors = processors;
        this.counters = counters;
        this.fence = new LeaseFence(new LeaseFence.Leases() {
            @Override
            public Lease held(String shard) {
                Scheduler running = scheduler;
                return running == null ? null : running.leaseCoordinator().getCurrentlyHeldLease(shard);
            }

            @Override
            public void drop(String shard) {
                releaseShard(shard);
            }
        }, endpoint.leaseDurationMs(), System::nanoTime);
    }

    /** Starts reading the chosen stream; {@code lookup} names the batch look-up for the log line. */
    synchronized void start(StreamFollower.Choice choice, String lookup) {
        StreamClients clients = endpoint.getComponent().clients();
        streamArn = choice.streamArn();
        DynamoDbStreamsClient streams = clients.streams();
        String trackedArn = streamArn;
        if (LocalStreamArns.isLocal(streamArn)) {
            LocalStreamArns local = new LocalStreamArns(clients.streams(), clients.region().id());
            streams = local;
            trackedArn = local.shown(streamArn);
        }
        InitialPositionInStream position = choice.position();

        watch = new StreamReadWatch(streams, endpoint.getTableName(), counters.trimmed, counters.expired);
        AmazonDynamoDBStreamsAdapterClient adapter = new AmazonDynamoDBStreamsAdapterClient(watch, clients.region());
        scheduler = KclSchedulers.create(endpoint, clients, adapter, trackedArn, position, processors);
        schedulerThread = new Thread(scheduler, "kcl-" + endpoint.getTableName());
        schedulerThread.start();
        readingSince = Instant.now();
        LOG.info("reading the stream of table {} ({}) as application {} (lease table {}, worker {}, start {}, "
                + "batch {}, poll {} ms ({} ms while busy), failover {} ms, parallelism {}, batch look-up {})",
                endpoint.getTableName(),
                streamArn.substring(streamArn.lastIndexOf('/') + 1), endpoint.getApplicationName(),
                endpoint.getLeaseTable(), endpoint.getWorkerId(), position, endpoint.getBatchSize(),
                endpoint.getPollIntervalMs(), endpoint.getBusyPollIntervalMs(), endpoint.getFailoverTimeMs(),
                endpoint.getParallelism(), lookup);
    }

    /** The stream being read (the last one started). */
    String streamArn() {
        return streamArn;
    }

    boolean running() {
        return scheduler != null;
    }

    /** Since when the scheduler runs, or null when it does not. */
    Instant readingSince() {
        Thread thread = schedulerThread;
        return scheduler != null && thread != null && thread.isAlive() ? readingSince : null;
    }

    /**
     * Stops reading without the KCL's graceful stop, which takes seconds even when idle (each shard's prefetch
     * thread waits on a full queue) for nothing that is not done here: once the record in hand is done (a batch in
     * flight stops there, and its rest is read again at the next start), the positions of the completed batches are
     * saved, the leases are handed back, and the KCL is told to stop without waiting for it. Returns false when a
     * record is still in hand after the shutdown timeout: the KCL is then stopped the old way.
     */
    boolean stopQuickly(IntSupplier batchesInFlight, Map<String, ShardProcessor> shardReaders)
            throws InterruptedException {
        Scheduler running = scheduler;
        if (running == null) {
            return true;
        }
        // a batch in flight stops after the record in hand (deliver): its rest is read again at the next start
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(endpoint.getShutdownTimeoutMs());
        while (batchesInFlight.getAsInt() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        shardReaders.values().forEach(ShardProcessor::checkpointCompleted);
        Set<String> shards = Set.copyOf(shardReaders.keySet());
        // the KCL winds down unwaited: its last reads are no longer this reader's to report
        watch.stopWatching();
        Thread stopper = new Thread(running::shutdown, "kcl-stop-" + endpoint.getTableName());
        stopper.setDaemon(true);
        stopper.start();
        // the KCL's lease renewal and taking stop first, so that a lease handed back is not renewed or taken again
        stopper.join(500);
        int released = LeaseTable.release(endpoint.getComponent().clients().dynamo(), endpoint.getLeaseTable(),
                endpoint.getWorkerId(), shards);
        LOG.info("stopped reading the stream of table {} (positions saved, {} lease(s) handed back)",
                endpoint.getTableName(), released);
        scheduler = null;
        return true;
    }

    /** Stops the scheduler: gracefully (the batch in hand finishes and is checkpointed) or at once. */
    synchronized void stop(boolean graceful) throws InterruptedException, ExecutionException {
        if (scheduler == null) {
            return;
        }
        long timeout = endpoint.getShutdownTimeoutMs();
        if (!graceful) {
            scheduler.shutdown();
            schedulerThread.join(timeout);
            scheduler = null;
            return;
        }
        try {
            boolean clean = scheduler.startGracefulShutdown().get(timeout, TimeUnit.MILLISECONDS);
            LOG.info("stopped reading the stream of table {} ({})", endpoint.getTableName(),
                    clean ? "positions saved" : "some shards were not checkpointed");
        } catch (TimeoutException e) {
            LOG.warn("graceful stop of the stream reader took more than {} ms; stopping it now", timeout);
            scheduler.shutdown();
        }
        schedulerThread.join(timeout);
        scheduler = null;
    }

    /**
     * Whether this worker may still send the shard's records: its lease, as last renewed, has more than a margin of
     * its duration left ({@link LeaseFence}); once not, the lease is let go and nothing more is sent for the shard.
     */
    boolean leaseHeld(String shardId) {
        return fence.holds(shardId);
    }

    /** Lets the shard's lease go: the KCL stops renewing it and ends the shard's reader. */
    void releaseShard(String shardId) {
        Scheduler current = scheduler;
        if (current != null) {
            Lease lease = new Lease();
            lease.leaseKey(shardId);
            current.leaseCoordinator().dropLease(lease);
        }
    }
}

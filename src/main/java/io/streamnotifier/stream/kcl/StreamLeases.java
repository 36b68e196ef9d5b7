package io.streamnotifier.stream.kcl;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's work on the lease table outside the KCL: at start, the lease table, the stream to read, the leases
 * of a stream read for the first time ({@link FirstStart}) and the leases a graceful stop left without an owner;
 * while it runs, two periodic checks, for leases another worker stopped renewing ({@link AbandonedLeases}) and for
 * a stream that was replaced ({@link StreamFollower}).
 */
final class StreamLeases {

    /** The consumer's lines, under its name. */
    private static final Logger LOG = LoggerFactory.getLogger(DdbStreamConsumer.class);

    private final DdbStreamConsumer consumer;
    private final DdbStreamEndpoint endpoint;
    private final KclReader kcl;
    private StreamFollower follower;
    private AbandonedLeases abandonedLeases;
    private ScheduledExecutorService watcher;

    StreamLeases(DdbStreamConsumer consumer, KclReader kcl) {
        this.consumer = consumer;
        this.endpoint = consumer.getEndpoint();
        this.kcl = kcl;
    }

    /**
     * Makes the lease table ready for the scheduler and returns the stream to read: the leases of a stream read for
     * the first time are written, starting at {@code start} (see {@link StartFilter#startTime}), and those left
     * without an owner are claimed, so that this worker reads them at once.
     */
    StreamFollower.Choice prepare(StartFilter filter) {
        StreamClients clients = endpoint.getComponent().clients();
        LeaseTable.createIfMissing(clients.dynamo(), endpoint.getLeaseTable());
        follower = new StreamFollower(clients.dynamo(), clients.streams(), endpoint.getTableName(),
                endpoint.getLeaseTable());
        StreamFollower.Choice choice = follower.choose(endpoint.initialPosition());
        FirstStart.createLeases(clients.dynamo(), clients.streams(), endpoint.getLeaseTable(), choice.streamArn(),
                endpoint.getWorkerId(), filter.startTime(choice.position()));
        int claimed = LeaseTable.claimUnowned(clients.dynamo(), endpoint.getLeaseTable(), endpoint.getWorkerId());
        if (claimed > 0) {
            LOG.info("took {} lease(s) left without an owner in {} (by a graceful stop): reading them at once",
                    claimed, endpoint.getLeaseTable());
        }
        return choice;
    }

    /** Starts the periodic checks; {@code lookup} names the batch look-up for a scheduler started again. */
    void watch(String lookup) {
        watcher = executors().newSingleThreadScheduledExecutor(consumer, "ddb-stream-watch-" + endpoint.getTableName());
        long every = endpoint.getStreamCheckIntervalMs();
        watcher.scheduleWithFixedDelay(() -> followReplacedStream(lookup), every, every, TimeUnit.MILLISECONDS);
        abandonedLeases = new AbandonedLeases(endpoint.getLeaseTable(), endpoint.getWorkerId(),
                endpoint.leaseDurationMs());
        long scan = endpoint.leaseScanIntervalMs();
        watcher.scheduleWithFixedDelay(this::takeOverAbandonedLeases, scan, scan, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic checks. */
    void stop() {
        if (watcher != null) {
            executors().shutdownNow(watcher);
            watcher = null;
        }
    }

    private ExecutorServiceManager executors() {
        return endpoint.getCamelContext().getExecutorServiceManager();
    }

    /** Takes the leases another worker stopped renewing, without waiting for the KCL's leader (see AbandonedLeases). */
    private void takeOverAbandonedLeases() {
        try {
            if (consumer.isRunAllowed() && kcl.running()) {
                abandonedLeases.takeOver(endpoint.getComponent().clients().dynamo(), System.nanoTime());
            }
        } catch (Exception e) {
            LOG.warn("could not check the lease table {} for abandoned leases ({}); trying again later",
                    endpoint.getLeaseTable(), LogSafe.reason(e));
        }
    }

    /**
     * When the table's stream was disabled and enabled again and the old stream has been read to its end, moves
     * the reader to the new stream, from its start.
     */
    private void followReplacedStream(String lookup) {
        try {
            String streamArn = kcl.streamArn();
            StreamFollower.Choice next = follower.next(streamArn);
            if (next == null || !consumer.isRunAllowed()) {
                return;
            }
            LOG.warn("the stream of table {} was disabled and enabled again; its previous stream is read to its end, "
                    + "now reading the new stream from its start", endpoint.getTableName());
            // the old stream is read to its end and checkpointed: nothing is in flight, no need to wait
            kcl.stop(false);
            follower.forget(streamArn);
            // the new stream's leases, owned by this worker, which takes them at once (the KCL's leader would
            // otherwise assign them, and this worker's leadership went with the old scheduler)
            StreamClients clients = endpoint.getComponent().clients();
            FirstStart.createLeases(clients.dynamo(), clients.streams(), endpoint.getLeaseTable(),
                    next.streamArn(), endpoint.getWorkerId(), null);
            kcl.start(next, lookup);
        } catch (Exception e) {
            LOG.warn("could not check the stream of table {} ({}); trying again later", endpoint.getTableName(),
                    LogSafe.reason(e));
        }
    }
}

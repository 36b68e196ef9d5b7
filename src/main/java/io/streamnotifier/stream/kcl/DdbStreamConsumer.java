package io.streamnotifier.stream.kcl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.coordinator.Scheduler;

/**
 * Runs a KCL scheduler for the endpoint's table and hands each record to the route ({@link ShardProcessor}): one
 * at a time and in order per shard, or with {@code parallelism} N up to N at a time per shard, records of the same
 * item kept in order ({@link KeyOrderedBatch}). Before a batch is routed, the registry's {@link BatchLookup} (the
 * send-once look-up) is asked once for the whole batch. Stopping the consumer shuts the scheduler down gracefully:
 * the batch in hand finishes and is checkpointed before the leases are let go.
 */
public class DdbStreamConsumer extends DefaultConsumer implements ShardProcessor.Reader {

    private static final Logger LOG = LoggerFactory.getLogger(DdbStreamConsumer.class);

    private Scheduler scheduler;
    private Thread schedulerThread;
    private StreamFollower follower;
    private volatile String streamArn;
    private ScheduledExecutorService watcher;
    private final AtomicLong trimmedReads = new AtomicLong();
    /**
     * Removed at stop: a route started again gets a new consumer, whose count would otherwise never reach the meter
     * (the registry keeps the first one registered under a name and tags).
     */
    private FunctionCounter trimmedReadsMeter;
    private ShardLag lag;
    private volatile Instant readingSince;
    private final AtomicLong expiredIterators = new AtomicLong();
    /** With startingPosition AT_TIMESTAMP: records created before this are skipped. */
    private volatile Instant notBefore;
    /** Shards first read by this application: records created before its start time are skipped (FirstStart). */
    private final Map<String, Instant> shardNotBefore = new ConcurrentHashMap<>();
    /** The readers of the shards this worker reads now. */
    private final Map<String, ShardProcessor> processors = new ConcurrentHashMap<>();
    /** Set at stop: no further batch is routed. */
    private volatile boolean stopping;
    /** The stream client of the running scheduler, which counts and logs trimmed and expired reads. */
    private volatile StreamReadWatch watch;
    private final java.util.concurrent.atomic.AtomicInteger batchesInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong skippedBeforeStart = new AtomicLong();
    private ExecutorService workers;
    private KeyOrderedBatch batches;
    private BatchLookup lookup;
    private final AtomicLong lookupFailures = new AtomicLong();
    private AbandonedLeases abandonedLeases;
    private volatile LeaseFence fence;
    /** The notification route this reader feeds (the Kamelet's parentRouteId; empty for none), found at first use. */
    private volatile java.util.Optional<String> notificationRoute;

    public DdbStreamConsumer(DdbStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public DdbStreamEndpoint getEndpoint() {
        return (DdbStreamEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        DdbStreamEndpoint endpoint = getEndpoint();
        if (!endpoint.getComponent().readsStreams()) {
            LOG.info("not reading the stream of table {} (replay)", endpoint.getTableName());
            return;
        }
        StreamClients clients = endpoint.getComponent().clients();
        notBefore = endpoint.notBefore();
        lag = new ShardLag(endpoint.getComponent().meterRegistry(), endpoint.getTableName());
        int parallelism = endpoint.getParallelism();
        if (parallelism > 1) {
            // the shard's own KCL thread is one of its workers; these are the others, for every shard read here
            workers = endpoint.getCamelContext().getExecutorServiceManager()
                    .newCachedThreadPool(this, "ddb-stream-worker-" + endpoint.getTableName());
        }
        batches = new KeyOrderedBatch(workers == null ? Runnable::run : workers, parallelism);
        lookup = endpoint.isLookAhead() ? endpoint.getCamelContext().getRegistry().findSingleByType(BatchLookup.class)
                : null;
        trimmedReadsMeter = FunctionCounter.builder("notifier.stream.trimmed.reads", trimmedReads, AtomicLong::get)
                .description("Stream reads whose position was older than the stream keeps: records were lost there")
                .tag("table", endpoint.getTableName()).register(endpoint.getComponent().meterRegistry());
        LeaseTable.createIfMissing(clients.dynamo(), endpoint.getLeaseTable());
        follower = new StreamFollower(clients.dynamo(), clients.streams(), endpoint.getTableName(),
                endpoint.getLeaseTable());
        StreamFollower.Choice choice = follower.choose(endpoint.initialPosition());
        FirstStart.createLeases(clients.dynamo(), clients.streams(), endpoint.getLeaseTable(), choice.streamArn(),
                endpoint.getWorkerId(), startTime(choice));
        int claimed = LeaseTable.claimUnowned(clients.dynamo(), endpoint.getLeaseTable(), endpoint.getWorkerId());
        if (claimed > 0) {
            LOG.info("took {} lease(s) left without an owner in {} (by a graceful stop): reading them at once",
                    claimed, endpoint.getLeaseTable());
        }
        startScheduler(choice);
        watcher = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "ddb-stream-watch-" + endpoint.getTableName());
        long every = endpoint.getStreamCheckIntervalMs();
        watcher.scheduleWithFixedDelay(this::followReplacedStream, every, every, TimeUnit.MILLISECONDS);
        abandonedLeases = new AbandonedLeases(endpoint.getLeaseTable(), endpoint.getWorkerId(),
                endpoint.leaseDurationMs());
        long scan = endpoint.leaseScanIntervalMs();
        watcher.scheduleWithFixedDelay(this::takeOverAbandonedLeases, scan, scan, TimeUnit.MILLISECONDS);
    }

    /**
     * Where a stream read for the first time starts: with LATEST, when this process started, so that no record
     * written while the service was starting is skipped; with AT_TIMESTAMP, the configured instant; else (from the
     * start of the stream) null.
     */
    private Instant startTime(StreamFollower.Choice choice) {
        if (notBefore != null) {
            return notBefore;
        }
        return choice.position() == InitialPositionInStream.LATEST
                ? Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime())
                : null;
    }

    /** Takes the leases another worker stopped renewing, without waiting for the KCL's leader (see AbandonedLeases). */
    private void takeOverAbandonedLeases() {
        try {
            if (isRunAllowed() && scheduler != null) {
                abandonedLeases.takeOver(getEndpoint().getComponent().clients().dynamo(), System.nanoTime());
            }
        } catch (Exception e) {
            LOG.warn("could not check the lease table {} for abandoned leases ({}); trying again later",
                    getEndpoint().getLeaseTable(), io.streamnotifier.Masking.reason(e));
        }
    }

    /**
     * When the table's stream was disabled and enabled again and the old stream has been read to its end, moves
     * the reader to the new stream, from its start.
     */
    private void followReplacedStream() {
        try {
            StreamFollower.Choice next = follower.next(streamArn);
            if (next == null || !isRunAllowed()) {
                return;
            }
            LOG.warn("the stream of table {} was disabled and enabled again; its previous stream is read to its end, "
                    + "now reading the new stream from its start", getEndpoint().getTableName());
            // the old stream is read to its end and checkpointed: nothing is in flight, no need to wait
            stopScheduler(false);
            follower.forget(streamArn);
            // the new stream's leases, owned by this worker, which takes them at once (the KCL's leader would
            // otherwise assign them, and this worker's leadership went with the old scheduler)
            StreamClients clients = getEndpoint().getComponent().clients();
            FirstStart.createLeases(clients.dynamo(), clients.streams(), getEndpoint().getLeaseTable(),
                    next.streamArn(), getEndpoint().getWorkerId(), null);
            startScheduler(next);
        } catch (Exception e) {
            LOG.warn("could not check the stream of table {} ({}); trying again later", getEndpoint().getTableName(),
                    io.streamnotifier.Masking.reason(e));
        }
    }

    private synchronized void startScheduler(StreamFollower.Choice choice) {
        DdbStreamEndpoint endpoint = getEndpoint();
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

        watch = new StreamReadWatch(streams, endpoint.getTableName(), trimmedReads, expiredIterators);
        AmazonDynamoDBStreamsAdapterClient adapter = new AmazonDynamoDBStreamsAdapterClient(watch, clients.region());
        scheduler = KclSchedulers.create(endpoint, clients, adapter, trackedArn, position,
                () -> new ShardProcessor(this));
        schedulerThread = new Thread(scheduler, "kcl-" + endpoint.getTableName());
        schedulerThread.start();
        readingSince = Instant.now();
        LOG.info("reading the stream of table {} ({}) as application {} (lease table {}, worker {}, start {}, "
                + "batch {}, poll {} ms ({} ms while busy), failover {} ms, parallelism {}, batch look-up {})",
                endpoint.getTableName(),
                streamArn.substring(streamArn.lastIndexOf('/') + 1), endpoint.getApplicationName(),
                endpoint.getLeaseTable(), endpoint.getWorkerId(), position, endpoint.getBatchSize(),
                endpoint.getPollIntervalMs(), endpoint.getBusyPollIntervalMs(), endpoint.getFailoverTimeMs(),
                endpoint.getParallelism(),
                lookup == null ? "off" : lookup.getClass().getSimpleName());
    }

    @Override
    protected void doStop() throws Exception {
        if (watcher != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(watcher);
            watcher = null;
        }
        stopping = true;
        if (!stopQuickly()) {
            stopScheduler(true);
        }
        if (trimmedReadsMeter != null) {
            getEndpoint().getComponent().meterRegistry().remove(trimmedReadsMeter);
            trimmedReadsMeter = null;
        }
        if (workers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(workers);
            workers = null;
        }
        super.doStop();
    }

    /**
     * Stops reading without the KCL's graceful stop, which takes seconds even when idle (each shard's prefetch
     * thread waits on a full queue) for nothing that is not done here: once the record in hand is done (a batch in
     * flight stops there, and its rest is read again at the next start), the positions of the completed batches are
     * saved, the leases are handed back, and the KCL is told to stop without waiting for it. Returns false when a
     * record is still in hand after the shutdown timeout: the KCL is then stopped the old way.
     */
    private boolean stopQuickly() throws InterruptedException {
        Scheduler running = scheduler;
        if (running == null) {
            return true;
        }
        // a batch in flight stops after the record in hand (deliver): its rest is read again at the next start
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(getEndpoint().getShutdownTimeoutMs());
        while (batchesInFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        processors.values().forEach(ShardProcessor::checkpointCompleted);
        Set<String> shards = Set.copyOf(processors.keySet());
        // the KCL winds down unwaited: its last reads are no longer this reader's to report
        watch.stopWatching();
        Thread stopper = new Thread(running::shutdown, "kcl-stop-" + getEndpoint().getTableName());
        stopper.setDaemon(true);
        stopper.start();
        // the KCL's lease renewal and taking stop first, so that a lease handed back is not renewed or taken again
        stopper.join(500);
        int released = LeaseTable.release(getEndpoint().getComponent().clients().dynamo(), getEndpoint().getLeaseTable(),
                getEndpoint().getWorkerId(), shards);
        LOG.info("stopped reading the stream of table {} (positions saved, {} lease(s) handed back)",
                getEndpoint().getTableName(), released);
        scheduler = null;
        return true;
    }

    private synchronized void stopScheduler(boolean graceful)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        if (scheduler == null) {
            return;
        }
        long timeout = getEndpoint().getShutdownTimeoutMs();
        if (!graceful) {
            scheduler.shutdown();
            schedulerThread.join(timeout);
            scheduler = null;
            return;
        }
        try {
            boolean clean = scheduler.startGracefulShutdown().get(timeout, TimeUnit.MILLISECONDS);
            LOG.info("stopped reading the stream of table {} ({})", getEndpoint().getTableName(),
                    clean ? "positions saved" : "some shards were not checkpointed");
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("graceful stop of the stream reader took more than {} ms; stopping it now", timeout);
            scheduler.shutdown();
        }
        schedulerThread.join(timeout);
        scheduler = null;
    }

    /**
     * Routes a batch of one shard and returns once every exchange of it has completed: one record after the other,
     * or with {@code parallelism} N up to N at a time, records of the same item (the stream record's Keys) in
     * order, telling {@code completed} of each record done. Returns false if it stopped first (the consumer is
     * stopping, or the shard's lease is no longer ours): the batch must then not be checkpointed.
     */
    @Override
    public boolean deliverBatch(List<Record> records, String shardId, java.util.function.Consumer<Record> completed) {
        batchesInFlight.incrementAndGet();
        try {
            if (stopping) {
                return records.isEmpty(); // read after the stop began: not routed, so not checkpointed
            }
            Set<String> known = lookAhead(records);
            return batches.run(records, DdbStreamConsumer::itemKey, record -> {
                if (!deliver(record, shardId, known)) {
                    return false;
                }
                completed.accept(record);
                return true;
            });
        } finally {
            batchesInFlight.decrementAndGet();
        }
    }

    @Override
    public String tableName() {
        return getEndpoint().getTableName();
    }

    @Override
    public long checkpointIntervalMs() {
        return getEndpoint().getCheckpointIntervalMs();
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    @Override
    public boolean mayRetry(String shardId) {
        return isRunAllowed() && !stopping && leaseHeld(shardId);
    }

    @Override
    public void releaseShard(String shardId) {
        Scheduler current = scheduler;
        if (current != null) {
            software.amazon.kinesis.leases.Lease lease = new software.amazon.kinesis.leases.Lease();
            lease.leaseKey(shardId);
            current.leaseCoordinator().dropLease(lease);
        }
    }

    /**
     * Whether this worker may still send the shard's records: its lease, as last renewed, has more than a margin of
     * its duration left ({@link LeaseFence}); once not, the lease is let go and nothing more is sent for the shard.
     */
    boolean leaseHeld(String shardId) {
        LeaseFence current = fence;
        if (current == null) {
            current = new LeaseFence(new LeaseFence.Leases() {
                @Override
                public software.amazon.kinesis.leases.Lease held(String shard) {
                    Scheduler running = scheduler;
                    return running == null ? null : running.leaseCoordinator().getCurrentlyHeldLease(shard);
                }

                @Override
                public void drop(String shard) {
                    releaseShard(shard);
                }
            }, getEndpoint().leaseDurationMs(), System::nanoTime);
            fence = current;
        }
        return current.holds(shardId);
    }

    private static Object itemKey(Record record) {
        return record.dynamodb() == null ? null : record.dynamodb().keys();
    }

    /** The batch look-up's answer (the eventIDs already handled), or null when there is none. */
    private Set<String> lookAhead(List<Record> records) {
        BatchLookup batchLookup = lookup;
        if (batchLookup == null || records.isEmpty()) {
            return null;
        }
        try {
            return batchLookup.alreadyDone(getRouteId(), records);
        } catch (RuntimeException e) {
            // each record asks for itself then, as without the look-up
            if (lookupFailures.getAndIncrement() % 100 == 0) {
                LOG.warn("batch look-up of {} records of table {} failed ({}); each record is looked up alone",
                        records.size(), getEndpoint().getTableName(), io.streamnotifier.Masking.reason(e));
            }
            return null;
        }
    }

    /**
     * Routes one record and returns once its exchange has completed (sent, skipped or dead-lettered). An exchange
     * that fails even so (the dead-letter store itself failed) is tried again with a growing pause, holding its
     * shard, so the record is never skipped; the stream keeps it for 24 hours. Returns false if the consumer is
     * stopping first: the batch must then not be checkpointed.
     */
    boolean deliver(Record record, String shardId, Set<String> knownDone) {
        if (stopping) {
            return false; // the rest of the batch is read again at the next start
        }
        if (createdBeforeStart(record, shardId)) {
            return true;
        }
        // checked before each record: after a pause, or renewals that failed, another worker may own the shard and
        // send this batch too; only the record in hand at that moment can be sent twice
        if (!leaseHeld(shardId)) {
            LOG.info("not sending eventID={} of shard {}: its lease is no longer ours; the shard's next owner reads "
                    + "it from the last checkpoint", record.eventID(), shardId);
            return false;
        }
        // the record's coordinates for every log line written while it is routed (JSON logs show them as fields)
        MDC.put("table", getEndpoint().getTableName());
        MDC.put("shard", shardId);
        MDC.put("eventID", record.eventID());
        MDC.put("sequenceNumber", record.dynamodb() == null ? null : record.dynamodb().sequenceNumber());
        try {
            return route(record, shardId, knownDone);
        } finally {
            MDC.remove("table");
            MDC.remove("shard");
            MDC.remove("eventID");
            MDC.remove("sequenceNumber");
        }
    }

    private boolean route(Record record, String shardId, Set<String> knownDone) {
        Duration pause = Duration.ofSeconds(1);
        boolean first = true;
        while (true) {
            if (!awaitNotificationRoute(record, shardId)) {
                return false;
            }
            Exchange exchange = createExchange(false);
            if (first && knownDone != null) {
                // only the first attempt: a retry asks again, the record may have been sent meanwhile
                exchange.setProperty(BatchLookup.KNOWN_DONE, knownDone.contains(record.eventID()));
            }
            first = false;
            exchange.getMessage().setBody(record);
            exchange.getMessage().setHeader(DdbStreamConstants.TABLE, getEndpoint().getTableName());
            exchange.getMessage().setHeader(DdbStreamConstants.SHARD_ID, shardId);
            // asked by the sink before each attempt: a retry after a pause must not send what another worker owns
            exchange.setProperty(StreamHeaders.LEASE_PROPERTY, (java.util.function.BooleanSupplier) () -> leaseHeld(
                    shardId));
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            Exception failure = exchange.getException();
            Object held = exchange.getProperty(StreamHeaders.HELD_PROPERTY);
            releaseExchange(exchange, false);
            if (held != null) {
                // neither sent nor dead-lettered (stopping, or the lease was lost): no checkpoint past it
                if (!isRunAllowed() || stopping) {
                    LOG.info("eventID={} held back while stopping: the shard is not checkpointed past it, it is read "
                            + "again at the next start", record.eventID());
                } else {
                    LOG.info("eventID={} held back ({}): the shard is not checkpointed past it, its next owner reads "
                            + "it from the last checkpoint", record.eventID(), held);
                }
                return false;
            }
            if (failure == null) {
                return true;
            }
            LOG.error("route could not complete eventID={} seq={} shard={} ({}); holding the shard and trying again "
                    + "in {} s", record.eventID(), record.dynamodb() == null ? null : record.dynamodb().sequenceNumber(),
                    shardId, io.streamnotifier.Masking.reason(failure), pause.toSeconds());
            if (!isRunAllowed()) {
                return false;
            }
            LockSupport.parkNanos(pause.toNanos());
            if (!mayRetry(shardId)) {
                return false;
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1)
                    : pause.multipliedBy(2);
        }
    }

    /**
     * Holds the record while the notification route this reader feeds is stopped or suspended (an operator stopped
     * it through JMX or the route controller; this reader's own route keeps running): handed on, it would wait in
     * {@code kamelet:sink} for a consumer, then fail and be dead-lettered. Returns true once the route runs (or when
     * there is none), false if the consumer stops or the shard's lease is lost meanwhile (nothing checkpointed).
     */
    private boolean awaitNotificationRoute(Record record, String shardId) {
        String route = notificationRouteId();
        if (route == null) {
            return true;
        }
        org.apache.camel.spi.RouteController routes = getEndpoint().getCamelContext().getRouteController();
        org.apache.camel.ServiceStatus status = routes.getRouteStatus(route);
        if (status == null || status.isStarted()) {
            return true;
        }
        LOG.warn("route {} is {}: its stream reader holds eventID={} of shard {}, neither sent nor dead-lettered, "
                + "until the route is started again", route, status, record.eventID(), shardId);
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            status = routes.getRouteStatus(route);
            if (status == null || status.isStarted()) {
                LOG.info("route {} runs again: handing it eventID={}", route, record.eventID());
                return true;
            }
            if (!mayRetry(shardId)) {
                return false;
            }
        }
    }

    /** The route whose Kamelet reads the stream for it (the Kamelet's parentRouteId), or null. */
    private String notificationRouteId() {
        java.util.Optional<String> known = notificationRoute;
        if (known == null) {
            org.apache.camel.Route route = getRoute();
            String parent = route == null ? null
                    : io.streamnotifier.stream.StreamRoutes.parentRouteId(getEndpoint().getCamelContext(), route);
            known = java.util.Optional.ofNullable(parent);
            notificationRoute = known;
        }
        return known.orElse(null);
    }

    /**
     * Hands a dead-lettered record to the route again, as the stream would, and tells whether it completed this
     * time (sent, or skipped as already sent) rather than failing again (then the dead-letter channel has stored
     * it with its new reason).
     */
    public boolean replay(Record record, String table) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(record);
        exchange.getMessage().setHeader(DdbStreamConstants.TABLE, table);
        exchange.setProperty(StreamHeaders.REPLAYED_PROPERTY, true);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        // not EXCEPTION_CAUGHT: a failure that a redelivery got through leaves it set
        boolean completed = exchange.getException() == null
                && exchange.getProperty(StreamHeaders.DEAD_LETTERED_PROPERTY) == null
                && exchange.getProperty(StreamHeaders.HELD_PROPERTY) == null;
        releaseExchange(exchange, false);
        return completed;
    }

    /** A shard this worker now reads (its lease is ours). */
    @Override
    public void shardStarted(String shardId, ShardProcessor processor) {
        processors.put(shardId, processor);
        Instant start = FirstStart.notBefore(getEndpoint().getComponent().clients().dynamo(),
                getEndpoint().getLeaseTable(), shardId);
        if (start != null) {
            shardNotBefore.put(shardId, start);
        }
        lag.started(shardId);
    }

    /** A shard this worker no longer reads (ended, handed over, or the service stops). */
    @Override
    public void shardStopped(String shardId) {
        processors.remove(shardId);
        shardNotBefore.remove(shardId);
        lag.stopped(shardId);
    }

    /** After each read of a shard: how far behind its newest record the reader is. */
    @Override
    public void observeLag(String shardId, Long millisBehindLatest) {
        lag.observe(shardId, millisBehindLatest);
    }

    /** The shards this worker reads now, with how far behind (ms) each is. */
    public Map<String, Long> shards() {
        return lag == null ? Map.of() : lag.byShard();
    }

    /** Whether the KCL scheduler runs (null when it does not), and since when. */
    public Instant readingSince() {
        Thread thread = schedulerThread;
        return scheduler != null && thread != null && thread.isAlive() ? readingSince : null;
    }

    /**
     * A record created before where this application started reading (AT_TIMESTAMP's instant, or the start time
     * kept in the lease of a shard read for the first time): skipped, logged and counted.
     */
    private boolean createdBeforeStart(Record record, String shardId) {
        Instant configured = notBefore;
        Instant first = shardNotBefore.get(shardId);
        Instant limit = configured == null ? first : first == null || first.isBefore(configured) ? configured : first;
        if (limit == null || !FirstStart.createdBefore(record, limit)) {
            return false;
        }
        long skipped = skippedBeforeStart.incrementAndGet();
        if (skipped == 1) {
            LOG.info("skipping the records of table {} created before {} (where this application started reading)",
                    getEndpoint().getTableName(), limit);
        }
        LOG.debug("skipped eventID={} created {}: before the starting time", record.eventID(),
                record.dynamodb().approximateCreationDateTime());
        return true;
    }

    /** How many records were skipped as created before the starting timestamp (AT_TIMESTAMP). */
    public long skippedBeforeStartingTimestamp() {
        return skippedBeforeStart.get();
    }

    /** Reads that found their position trimmed (older than the stream's 24 hours): records were lost there. */
    public long trimmedDataReads() {
        return trimmedReads.get();
    }

    /** Reads whose shard iterator had expired (the KCL asked for a new one); nothing is lost there. */
    public long expiredIteratorReads() {
        return expiredIterators.get();
    }
}

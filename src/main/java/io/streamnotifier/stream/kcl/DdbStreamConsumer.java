package io.streamnotifier.stream.kcl;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Runs a KCL scheduler for the endpoint's table ({@link KclReader}) and hands each record to the route
 * ({@link ShardProcessor}, {@link RecordRouter}): one at a time and in order per shard, or with {@code parallelism}
 * N up to N at a time per shard, records of the same item kept in order ({@link KeyOrderedBatch}). Before a batch
 * is routed, the registry's {@link BatchLookup} (the send-once look-up) is asked once for the whole batch; records
 * created before where the application started reading are skipped ({@link StartFilter}). The lease table's
 * set-up and periodic checks are {@link StreamLeases}'. Stopping the consumer hands the leases back once the record
 * in hand is done ({@link KclReader#stopQuickly}), else shuts the scheduler down gracefully.
 */
public class DdbStreamConsumer extends DefaultConsumer implements ShardProcessor.Reader {

    private static final Logger LOG = LoggerFactory.getLogger(DdbStreamConsumer.class);

    private final ReadCounters counters = new ReadCounters();
    private final StartFilter startFilter;
    private final KclReader kcl;
    private final StreamLeases leases;
    private final RecordRouter router;
    private ShardLag lag;
    /** The readers of the shards this worker reads now. */
    private final Map<String, ShardProcessor> processors = new ConcurrentHashMap<>();
    /** Set at stop: no further batch is routed. */
    private volatile boolean stopping;
    private final AtomicInteger batchesInFlight = new AtomicInteger();
    private ExecutorService workers;
    private KeyOrderedBatch batches;
    private BatchLookup lookup;
    private final AtomicLong lookupFailures = new AtomicLong();

    public DdbStreamConsumer(DdbStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        startFilter = new StartFilter(endpoint.getTableName());
        kcl = new KclReader(endpoint, () -> new ShardProcessor(this), counters);
        leases = new StreamLeases(this, kcl);
        router = new RecordRouter(this);
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
        startFilter.configure(endpoint.notBefore());
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
        String lookupName = lookup == null ? "off" : lookup.getClass().getSimpleName();
        counters.register(endpoint.getComponent().meterRegistry(), endpoint.getTableName());
        StreamFollower.Choice choice = leases.prepare(startFilter);
        kcl.start(choice, lookupName);
        leases.watch(lookupName);
    }

    @Override
    protected void doStop() throws Exception {
        leases.stop();
        stopping = true;
        if (!kcl.stopQuickly(batchesInFlight::get, processors)) {
            kcl.stop(true);
        }
        counters.unregister(getEndpoint().getComponent().meterRegistry());
        if (workers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(workers);
            workers = null;
        }
        super.doStop();
    }

    /**
     * Routes a batch of one shard and returns once every exchange of it has completed: one record after the other,
     * or with {@code parallelism} N up to N at a time, records of the same item (the stream record's Keys) in
     * order, telling {@code completed} of each record done. Returns false if it stopped first (the consumer is
     * stopping, or the shard's lease is no longer ours): the batch must then not be checkpointed.
     */
    @Override
    public boolean deliverBatch(List<Record> records, String shardId, Consumer<Record> completed) {
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

    /**
     * Routes one record and returns once its exchange has completed (sent, skipped or dead-lettered), see
     * {@link RecordRouter}. Returns false if the consumer is stopping first, or the shard's lease is no longer
     * ours: the batch must then not be checkpointed.
     */
    boolean deliver(Record record, String shardId, Set<String> knownDone) {
        if (stopping) {
            return false; // the rest of the batch is read again at the next start
        }
        if (startFilter.skips(record, shardId)) {
            return true;
        }
        // checked before each record: after a pause, or renewals that failed, another worker may own the shard and
        // send this batch too; only the record in hand at that moment can be sent twice
        if (!leaseHeld(shardId)) {
            LOG.info("not sending eventID={} of shard {}: its lease is no longer ours; the shard's next owner reads "
                    + "it from the last checkpoint", record.eventID(), shardId);
            return false;
        }
        return router.route(record, shardId, knownDone);
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
                        records.size(), getEndpoint().getTableName(), LogSafe.reason(e));
            }
            return null;
        }
    }

    /** Whether this worker may still send the shard's records ({@link KclReader#leaseHeld}). */
    boolean leaseHeld(String shardId) {
        return kcl.leaseHeld(shardId);
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
        kcl.releaseShard(shardId);
    }

    /** A shard this worker now reads (its lease is ours). */
    @Override
    public void shardStarted(String shardId, ShardProcessor processor) {
        processors.put(shardId, processor);
        startFilter.shardStarted(shardId, FirstStart.notBefore(getEndpoint().getComponent().clients().dynamo(),
                getEndpoint().getLeaseTable(), shardId));
        lag.started(shardId);
    }

    /** A shard this worker no longer reads (ended, handed over, or the service stops). */
    @Override
    public void shardStopped(String shardId) {
        processors.remove(shardId);
        startFilter.shardStopped(shardId);
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
        return kcl.readingSince();
    }

    /** How many records were skipped as created before the starting timestamp (AT_TIMESTAMP). */
    public long skippedBeforeStartingTimestamp() {
        return startFilter.skipped();
    }

    /** Reads that found their position trimmed (older than the stream's 24 hours): records were lost there. */
    public long trimmedDataReads() {
        return counters.trimmed.get();
    }

    /** Reads whose shard iterator had expired (the KCL asked for a new one); nothing is lost there. */
    public long expiredIteratorReads() {
        return counters.expired.get();
    }
}

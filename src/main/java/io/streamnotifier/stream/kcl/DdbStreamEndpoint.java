package io.streamnotifier.stream.kcl;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import io.streamnotifier.stream.StreamViewTypes;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import software.amazon.kinesis.common.InitialPositionInStream;

/**
 * The options of {@code ddb-stream:TABLE}. Each exchange's body is one SDK v2
 * {@link software.amazon.awssdk.services.dynamodb.model.Record}; headers {@code NotifierTable} and
 * {@code NotifierShardId}. A batch is checkpointed only after every exchange of it has completed.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "ddb-stream", title = "DynamoDB Stream (KCL)",
             syntax = "ddb-stream:tableName", consumerOnly = true, category = {Category.CLOUD})
public class DdbStreamEndpoint extends DefaultEndpoint {

    @UriPath(description = "The table whose stream is read")
    private final String tableName;
    @UriParam(description = "KCL application name: the workers that share a stream's shards (default stream-notifier-TABLE)")
    private String applicationName;
    @UriParam(description = "Lease table with each shard's owner and checkpoint (default: the application name)")
    private String leaseTable;
    @UriParam(description = "Where a new application starts: LATEST (the records created from when it first "
            + "started), TRIM_HORIZON or AT_TIMESTAMP (with startingTimestamp)", defaultValue = "LATEST")
    private String startingPosition = "LATEST";
    @UriParam(description = "With AT_TIMESTAMP: an ISO-8601 instant such as 2026-11-25T10:00:00Z; records created "
            + "before it are skipped, at the precision of the stream's time stamps (a second; a minute for a stamp on "
            + "a whole minute)")
    private String startingTimestamp;
    @UriParam(description = "Most records per GetRecords call (1 to 1000)", defaultValue = "100")
    private int batchSize = 100;
    @UriParam(description = "Idle time between reads of a shard, in ms", defaultValue = "100")
    private long pollIntervalMs = 100;
    @UriParam(description = "While a shard is busy (a read returned records within busyPeriodMs), it is read every "
            + "this many ms instead of every pollIntervalMs; 0 turns this off. Default: the component's",
              defaultValue = "50")
    private long busyPollIntervalMs = 50;
    @UriParam(description = "How long after a read that returned records a shard counts as busy, in ms. Default: "
            + "the component's", defaultValue = "1000")
    private long busyPeriodMs = 1000;
    @UriParam(description = "A shard's position is saved at most this often, in ms, always after completed batches "
            + "only; 0 saves it after every batch. Between two saves a crash re-reads the completed batches, which "
            + "the send-once table skips. Default: the component's", defaultValue = "1000")
    private long checkpointIntervalMs = 1000;
    @UriParam(description = "Most records of one shard routed at the same time (as Lambda's ParallelizationFactor): "
            + "records of the same item (the stream record's Keys) stay in order, the batch is checkpointed once all "
            + "of its records completed; 1 keeps every record of a shard in order. Default: the component's "
            + "parallelism", defaultValue = "1")
    private int parallelism = 1;
    @UriParam(description = "Ask the registry's BatchLookup (the send-once look-up) once per batch instead of once "
            + "per record", defaultValue = "true")
    private boolean lookAhead = true;
    @UriParam(description = "This worker's id in the lease table (default: the host name). Keep it stable across "
            + "restarts so a restarted instance resumes its own leases at once; give each instance its own")
    private String workerId;
    @UriParam(description = "The longest, in ms, a dead worker's shards go unread before another worker takes them "
            + "over: leases last half of it, and every worker looks for abandoned ones every tenth of it",
            defaultValue = "10000")
    private long failoverTimeMs = 10_000;
    @UriParam(description = "How often, in ms, the table is checked for a stream disabled and enabled again (a new "
            + "stream): the reader finishes the old stream, then reads the new one from its start", defaultValue = "30000")
    private long streamCheckIntervalMs = 30_000;
    @UriParam(description = "How long a graceful stop may take to finish the batch and checkpoint, in ms; keep it "
            + "below Camel's own shutdown timeout (camel.main.shutdown-timeout)", defaultValue = "10000")
    private long shutdownTimeoutMs = 10_000;

    @UriParam(description = "The images the route reads: KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES. At "
            + "start the table's stream is checked to carry them; if it does not, the route fails to start with the "
            + "table, the view type found and the one needed. Not checked when unset")
    private String viewType;

    DdbStreamEndpoint(String uri, DdbStreamComponent component, String tableName) {
        super(uri, component);
        this.tableName = tableName;
    }

    @Override
    public DdbStreamComponent getComponent() {
        return (DdbStreamComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("ddb-stream only reads: use it in from:");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DdbStreamConsumer consumer = new DdbStreamConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** Checks the table's stream view type against {@link #getViewType()} (see {@link StreamViewTypes}). */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // the replay command reads no stream: it needs no view type, nor DescribeTable (nor credentials, when the
        // class-data archive is made from a replay --dry-run at build time)
        if (viewType != null && getComponent().readsStreams()) {
            StreamViewTypes.check(getComponent().clients().dynamo(), tableName, viewType);
        }
    }

    public String getViewType() {
        return viewType;
    }

    public void setViewType(String viewType) {
        this.viewType = viewType == null || viewType.isBlank() ? null : StreamViewTypes.parse(viewType);
    }

    public String getTableName() {
        return tableName;
    }

    public String getApplicationName() {
        return applicationName == null || applicationName.isBlank() ? "stream-notifier-" + tableName : applicationName;
    }

    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
    }

    public String getLeaseTable() {
        return leaseTable == null || leaseTable.isBlank() ? getApplicationName() : leaseTable;
    }

    public void setLeaseTable(String leaseTable) {
        this.leaseTable = leaseTable;
    }

    public String getStartingPosition() {
        return startingPosition;
    }

    public void setStartingPosition(String startingPosition) {
        String position = startingPosition.trim().toUpperCase(Locale.ROOT);
        if (!List.of("LATEST", "TRIM_HORIZON", "AT_TIMESTAMP").contains(position)) {
            throw new IllegalArgumentException("startingPosition is '" + startingPosition + "'; use LATEST, "
                    + "TRIM_HORIZON or AT_TIMESTAMP");
        }
        this.startingPosition = position;
    }

    public String getStartingTimestamp() {
        return startingTimestamp;
    }

    public void setStartingTimestamp(String startingTimestamp) {
        this.startingTimestamp = startingTimestamp;
    }

    /**
     * The KCL's initial position. The DynamoDB Streams adapter offers only LATEST and TRIM_HORIZON, so AT_TIMESTAMP
     * reads from TRIM_HORIZON and the consumer skips the records created before {@link #notBefore()}.
     */
    InitialPositionInStream initialPosition() {
        return startingPosition.equals("LATEST") ? InitialPositionInStream.LATEST
                : InitialPositionInStream.TRIM_HORIZON;
    }

    /** With AT_TIMESTAMP, the instant before which records are skipped; otherwise null. */
    Instant notBefore() {
        if (!startingPosition.equals("AT_TIMESTAMP")) {
            return null;
        }
        if (startingTimestamp == null || startingTimestamp.isBlank()) {
            throw new IllegalArgumentException("startingPosition AT_TIMESTAMP needs startingTimestamp, an ISO-8601 "
                    + "instant such as 2026-11-25T10:00:00Z");
        }
        try {
            return Instant.parse(startingTimestamp.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("startingTimestamp '" + startingTimestamp + "' is not an ISO-8601 "
                    + "instant such as 2026-11-25T10:00:00Z", e);
        }
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("batchSize is " + batchSize + "; DynamoDB Streams returns 1 to 1000");
        }
        this.batchSize = batchSize;
    }

    public long getPollIntervalMs() {
        return pollIntervalMs;
    }

    public void setPollIntervalMs(long pollIntervalMs) {
        this.pollIntervalMs = pollIntervalMs;
    }

    public long getBusyPollIntervalMs() {
        return busyPollIntervalMs;
    }

    public void setBusyPollIntervalMs(long busyPollIntervalMs) {
        if (busyPollIntervalMs < 0) {
            throw new IllegalArgumentException("busyPollIntervalMs is " + busyPollIntervalMs + "; use 0 (off) or more");
        }
        this.busyPollIntervalMs = busyPollIntervalMs;
    }

    public long getBusyPeriodMs() {
        return busyPeriodMs;
    }

    public void setBusyPeriodMs(long busyPeriodMs) {
        this.busyPeriodMs = busyPeriodMs;
    }

    public long getCheckpointIntervalMs() {
        return checkpointIntervalMs;
    }

    public void setCheckpointIntervalMs(long checkpointIntervalMs) {
        if (checkpointIntervalMs < 0) {
            throw new IllegalArgumentException("checkpointIntervalMs is " + checkpointIntervalMs + "; use 0 or more");
        }
        this.checkpointIntervalMs = checkpointIntervalMs;
    }

    public int getParallelism() {
        return parallelism;
    }

    public void setParallelism(int parallelism) {
        if (parallelism < 1 || parallelism > 100) {
            throw new IllegalArgumentException("parallelism is " + parallelism + "; use 1 to 100");
        }
        this.parallelism = parallelism;
    }

    public boolean isLookAhead() {
        return lookAhead;
    }

    public void setLookAhead(boolean lookAhead) {
        this.lookAhead = lookAhead;
    }

    public String getWorkerId() {
        if (workerId == null || workerId.isBlank()) {
            return hostName();
        }
        return workerId;
    }

    public void setWorkerId(String workerId) {
        this.workerId = workerId;
    }

    public long getFailoverTimeMs() {
        return failoverTimeMs;
    }

    public void setFailoverTimeMs(long failoverTimeMs) {
        if (failoverTimeMs < 2000) {
            throw new IllegalArgumentException("failoverTimeMs is " + failoverTimeMs
                    + "; use 2000 or more (leases last half of it)");
        }
        this.failoverTimeMs = failoverTimeMs;
    }

    /**
     * How long a lease lives without renewal (the KCL's failoverTimeMillis): half the failover time, leaving the
     * other half to notice it (a lease-table scan every tenth), take it and start reading (the KCL's lease discovery
     * every tenth).
     */
    long leaseDurationMs() {
        return failoverTimeMs / 2;
    }

    /** How often the lease table is scanned for abandoned leases, and the KCL looks for leases assigned to it. */
    long leaseScanIntervalMs() {
        return Math.max(200, failoverTimeMs / 10);
    }

    public long getStreamCheckIntervalMs() {
        return streamCheckIntervalMs;
    }

    public void setStreamCheckIntervalMs(long streamCheckIntervalMs) {
        if (streamCheckIntervalMs < 100) {
            throw new IllegalArgumentException("streamCheckIntervalMs is " + streamCheckIntervalMs + "; use 100 or more");
        }
        this.streamCheckIntervalMs = streamCheckIntervalMs;
    }

    public long getShutdownTimeoutMs() {
        return shutdownTimeoutMs;
    }

    public void setShutdownTimeoutMs(long shutdownTimeoutMs) {
        this.shutdownTimeoutMs = shutdownTimeoutMs;
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "worker";
            }
        }
        return host;
    }
}

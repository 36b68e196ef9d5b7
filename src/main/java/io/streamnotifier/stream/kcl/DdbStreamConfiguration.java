package io.streamnotifier.stream.kcl;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * The options of {@code ddb-stream:TABLE}, declared once: the component holds one instance (its
 * {@code camel.component.ddb-stream.*} settings) and each endpoint gets a {@link #copy()} of it, which the endpoint's
 * URI parameters then change. The setters check their values, so a bad option fails the route at creation with the
 * option, the value and what to use.
 */
@UriParams
public class DdbStreamConfiguration implements Cloneable {

    @UriPath(label = "consumer", description = "The table whose stream is read")
    @Metadata(required = true)
    private String tableName;
    @UriParam(label = "consumer", description = "KCL application name: the workers that share a stream's shards "
            + "(default stream-notifier-TABLE)")
    private String applicationName;
    @UriParam(label = "consumer", description = "Lease table with each shard's owner and checkpoint (default: the "
            + "application name)")
    private String leaseTable;
    @UriParam(label = "consumer", description = "Where a new application starts: LATEST (the records created from "
            + "when it first started), TRIM_HORIZON or AT_TIMESTAMP (with startingTimestamp)", defaultValue = "LATEST")
    private StartingPosition startingPosition = StartingPosition.LATEST;
    @UriParam(label = "consumer", description = "With AT_TIMESTAMP: an ISO-8601 instant such as 2026-11-25T10:00:00Z; "
            + "records created before it are skipped, at the precision of the stream's time stamps (a second; a minute "
            + "for a stamp on a whole minute)")
    private String startingTimestamp;
    @UriParam(label = "consumer", description = "Most records per GetRecords call (1 to 1000)", defaultValue = "100")
    private int batchSize = 100;
    @UriParam(label = "consumer", description = "Idle time between reads of a shard, in ms", defaultValue = "100")
    private long pollIntervalMs = 100;
    @UriParam(label = "consumer,advanced", description = "While a shard is busy (a read returned records within "
            + "busyPeriodMs), it is read every this many ms instead of every pollIntervalMs; 0 turns this off",
            defaultValue = "50")
    private long busyPollIntervalMs = 50;
    @UriParam(label = "consumer,advanced", description = "How long after a read that returned records a shard counts "
            + "as busy, in ms", defaultValue = "1000")
    private long busyPeriodMs = 1000;
    @UriParam(label = "consumer", description = "A shard's position is saved at most this often, in ms, always after "
            + "completed batches only; 0 saves it after every batch. Between two saves a crash re-reads the completed "
            + "batches, which the send-once table skips", defaultValue = "1000")
    private long checkpointIntervalMs = 1000;
    @UriParam(label = "consumer", description = "Most records of one shard routed at the same time (as Lambda's "
            + "ParallelizationFactor, 1 to 100): records of the same item (the stream record's Keys) stay in order, "
            + "the batch is checkpointed once all of its records completed; 1 keeps every record of a shard in order",
            defaultValue = "1")
    private int parallelism = 1;
    @UriParam(label = "consumer,advanced", description = "Ask the registry's BatchLookup (the send-once look-up) once "
            + "per batch instead of once per record", defaultValue = "true")
    private boolean lookAhead = true;
    @UriParam(label = "consumer", description = "This worker's id in the lease table (default: the host name). Keep it "
            + "stable across restarts so a restarted instance resumes its own leases at once; give each instance its "
            + "own")
    private String workerId;
    @UriParam(label = "consumer", description = "The longest, in ms, a dead worker's shards go unread before another "
            + "worker takes them over (2000 or more): leases last half of it, and every worker looks for abandoned "
            + "ones every tenth of it", defaultValue = "10000")
    private long failoverTimeMs = 10_000;
    @UriParam(label = "consumer,advanced", description = "How often, in ms (100 or more), the table is checked for a "
            + "stream disabled and enabled again (a new stream): the reader finishes the old stream, then reads the "
            + "new one from its start", defaultValue = "30000")
    private long streamCheckIntervalMs = 30_000;
    @UriParam(label = "consumer", description = "How long a graceful stop may take to finish the batch and checkpoint, "
            + "in ms; keep it below Camel's own shutdown timeout (camel.main.shutdown-timeout)", defaultValue = "10000")
    private long shutdownTimeoutMs = 10_000;
    @UriParam(label = "consumer", description = "The images the route reads. At start the table's stream is checked "
            + "to carry them; if it does not, the route fails to start with the table, the view type found and the "
            + "one needed. Not checked when unset")
    private ViewType viewType;

    /** A copy for one endpoint, whose own options then change only the copy. */
    public DdbStreamConfiguration copy() {
        try {
            return (DdbStreamConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public String getTableName() {
        return tableName;
    }

    public void setTableName(String tableName) {
        this.tableName = tableName;
    }

    /** The application name set, or stream-notifier-TABLE when none is. */
    public String getApplicationName() {
        return isBlank(applicationName) ? "stream-notifier-" + tableName : applicationName;
    }

    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
    }

    /** The lease table set, or the application name when none is. */
    public String getLeaseTable() {
        return isBlank(leaseTable) ? getApplicationName() : leaseTable;
    }

    public void setLeaseTable(String leaseTable) {
        this.leaseTable = leaseTable;
    }

    public StartingPosition getStartingPosition() {
        return startingPosition;
    }

    public void setStartingPosition(StartingPosition startingPosition) {
        if (startingPosition == null) {
            throw new IllegalArgumentException("startingPosition is not set; use LATEST, TRIM_HORIZON or AT_TIMESTAMP");
        }
        this.startingPosition = startingPosition;
    }

    public String getStartingTimestamp() {
        return startingTimestamp;
    }

    /** Blank is unset; otherwise it must be an ISO-8601 instant. */
    public void setStartingTimestamp(String startingTimestamp) {
        if (!isBlank(startingTimestamp)) {
            parseInstant(startingTimestamp);
        }
        this.startingTimestamp = isBlank(startingTimestamp) ? null : startingTimestamp.trim();
    }

    /**
     * With AT_TIMESTAMP, the instant before which records are skipped (an error when no timestamp is set); otherwise
     * null.
     */
    public Instant notBefore() {
        if (startingPosition != StartingPosition.AT_TIMESTAMP) {
            return null;
        }
        if (startingTimestamp == null) {
            throw new IllegalArgumentException("startingPosition AT_TIMESTAMP needs startingTimestamp, an ISO-8601 "
                    + "instant such as 2026-11-25T10:00:00Z");
        }
        return parseInstant(startingTimestamp);
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("startingTimestamp '" + text + "' is not an ISO-8601 instant such as "
                    + "2026-11-25T10:00:00Z", e);
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
        this.pollIntervalMs = atLeast(0, "pollIntervalMs", pollIntervalMs, "0 or more");
    }

    public long getBusyPollIntervalMs() {
        return busyPollIntervalMs;
    }

    public void setBusyPollIntervalMs(long busyPollIntervalMs) {
        this.busyPollIntervalMs = atLeast(0, "busyPollIntervalMs", busyPollIntervalMs, "0 (off) or more");
    }

    public long getBusyPeriodMs() {
        return busyPeriodMs;
    }

    public void setBusyPeriodMs(long busyPeriodMs) {
        this.busyPeriodMs = atLeast(0, "busyPeriodMs", busyPeriodMs, "0 or more");
    }

    public long getCheckpointIntervalMs() {
        return checkpointIntervalMs;
    }

    public void setCheckpointIntervalMs(long checkpointIntervalMs) {
        this.checkpointIntervalMs = atLeast(0, "checkpointIntervalMs", checkpointIntervalMs, "0 or more");
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

    /** The worker id set, or the host name when none is. */
    public String getWorkerId() {
        return isBlank(workerId) ? hostName() : workerId;
    }

    public void setWorkerId(String workerId) {
        this.workerId = workerId;
    }

    public long getFailoverTimeMs() {
        return failoverTimeMs;
    }

    public void setFailoverTimeMs(long failoverTimeMs) {
        this.failoverTimeMs = atLeast(2000, "failoverTimeMs", failoverTimeMs, "2000 or more (leases last half of it)");
    }

    public long getStreamCheckIntervalMs() {
        return streamCheckIntervalMs;
    }

    public void setStreamCheckIntervalMs(long streamCheckIntervalMs) {
        this.streamCheckIntervalMs = atLeast(100, "streamCheckIntervalMs", streamCheckIntervalMs, "100 or more");
    }

    public long getShutdownTimeoutMs() {
        return shutdownTimeoutMs;
    }

    public void setShutdownTimeoutMs(long shutdownTimeoutMs) {
        this.shutdownTimeoutMs = atLeast(0, "shutdownTimeoutMs", shutdownTimeoutMs, "0 or more");
    }

    /** The view type the route needs, or null when it is not checked. */
    public ViewType getViewType() {
        return viewType;
    }

    public void setViewType(ViewType viewType) {
        this.viewType = viewType;
    }

    /** The value, or an error naming the option, the value and what to use. */
    private static long atLeast(long least, String option, long value, String use) {
        if (value < least) {
            throw new IllegalArgumentException(option + " is " + value + "; use " + use);
        }
        return value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
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

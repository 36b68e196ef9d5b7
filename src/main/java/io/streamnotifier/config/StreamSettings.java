package io.streamnotifier.config;

import java.time.Duration;
import java.util.List;

/**
 * The table whose stream is read and how. Most keys are the defaults of the source Kamelet's parameters (each route
 * can set its own); the service itself reads the table (the commands) and the failover time (readiness).
 */
public record StreamSettings(String table, Duration failoverTime) {

    public static final Setting TABLE = Setting.of("notifier.table", "NOTIFIER_TABLE", "Orders",
            "table whose stream is read");

    public static final Setting STARTING_POSITION = Setting.of("notifier.stream.starting-position",
            "NOTIFIER_STARTING_POSITION", "LATEST",
            "`LATEST`, `TRIM_HORIZON` or `AT_TIMESTAMP` for a new application (as in Lambda); afterwards the saved "
            + "position wins");

    public static final Setting STARTING_TIMESTAMP = Setting.of("notifier.stream.starting-timestamp",
            "NOTIFIER_STARTING_TIMESTAMP", "",
            "with `AT_TIMESTAMP`: the ISO-8601 instant from which records are notified; older ones are skipped");

    public static final Setting BATCH_SIZE = Setting.of("notifier.stream.batch-size", "NOTIFIER_BATCH_SIZE", "100",
            "records per GetRecords call (1 to 1000)");

    public static final Setting POLL_INTERVAL_MS = Setting.of("notifier.stream.poll-interval-ms",
            "NOTIFIER_POLL_INTERVAL_MS", "100",
            "a shard is read every this many ms (at once again after a full batch); 50 halves the idle latency and "
            + "doubles the GetRecords calls");

    public static final Setting BUSY_POLL_INTERVAL_MS = Setting.of("notifier.stream.busy-poll-interval-ms",
            "NOTIFIER_BUSY_POLL_INTERVAL_MS", "50",
            "while a shard is busy (a read returned records in the last `busy-period-ms`) it is read this often; "
            + "`0`: always every `poll-interval-ms`");

    public static final Setting BUSY_PERIOD_MS = Setting.of("notifier.stream.busy-period-ms",
            "NOTIFIER_BUSY_PERIOD_MS", "1000",
            "how long a shard counts as busy after a read that returned records");

    public static final Setting CHECKPOINT_INTERVAL_MS = Setting.of("notifier.stream.checkpoint-interval-ms",
            "NOTIFIER_CHECKPOINT_INTERVAL_MS", "1000",
            "a shard's position is saved at most this often (after completed batches only; `0`: after every "
            + "batch); one lease-table write a second instead of one per batch");

    public static final Setting PARALLELISM = Setting.of("notifier.stream.parallelism", "NOTIFIER_PARALLELISM", "1",
            "most records of one shard handled at the same time; records of the same item stay in order, others "
            + "may be e-mailed out of order; a crash can repeat up to this many e-mails per shard (see "
            + "[delivery.md](delivery.md))");

    public static final Setting LOOK_AHEAD = Setting.of("notifier.stream.look-ahead", "NOTIFIER_LOOK_AHEAD", "true",
            "ask the send-once table once per batch (one BatchGetItem) instead of once per record; `false` asks "
            + "per record");

    public static final Setting APPLICATION_NAME = Setting.of("notifier.stream.application-name",
            "NOTIFIER_APPLICATION_NAME", "stream-notifier-{{notifier.table}}",
            "KCL application name");

    public static final Setting LEASE_TABLE = Setting.of("notifier.stream.lease-table",
            "NOTIFIER_LEASE_TABLE", "{{notifier.stream.application-name}}",
            "table of shard leases and checkpoints");

    public static final Setting WORKER_ID = Setting.of("notifier.stream.worker-id", "NOTIFIER_WORKER_ID", "",
            "this instance's id; stable across restarts, distinct per instance; empty: the host name");

    public static final Setting FAILOVER_TIME_MS = Setting.of("notifier.stream.failover-time-ms",
            "NOTIFIER_FAILOVER_TIME_MS", "10000",
            "the longest a dead instance's shards go unread before another instance reads them; leases last half "
            + "of it (at least 2000)");

    public static final Setting STREAM_CHECK_INTERVAL_MS = Setting.of("notifier.stream.stream-check-interval-ms",
            "NOTIFIER_STREAM_CHECK_INTERVAL_MS", "30000",
            "how often the table is checked for a replaced stream (disabled and enabled again)");

    public static final Setting SHUTDOWN_TIMEOUT_MS = Setting.of("notifier.stream.shutdown-timeout-ms",
            "NOTIFIER_STREAM_SHUTDOWN_TIMEOUT_MS", "10000",
            "graceful stop of the stream reader");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(TABLE, STARTING_POSITION, STARTING_TIMESTAMP, BATCH_SIZE,
            POLL_INTERVAL_MS, BUSY_POLL_INTERVAL_MS, BUSY_PERIOD_MS, CHECKPOINT_INTERVAL_MS, PARALLELISM, LOOK_AHEAD,
            APPLICATION_NAME, LEASE_TABLE, WORKER_ID, FAILOVER_TIME_MS, STREAM_CHECK_INTERVAL_MS, SHUTDOWN_TIMEOUT_MS);


    public static StreamSettings from(SettingValues values) {
        return new StreamSettings(TABLE.string(values), FAILOVER_TIME_MS.millis(values));
    }
}

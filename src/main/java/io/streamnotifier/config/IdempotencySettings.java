package io.streamnotifier.config;

import java.time.Duration;
import java.util.List;

/** Send-once: the table of the eventIDs already notified, or none. */
public record IdempotencySettings(boolean enabled, String table, Duration ttl, boolean createTable,
        boolean overlapMark) {

    public static final Setting STORE = Setting.of("notifier.idempotency.store",
            "NOTIFIER_IDEMPOTENCY_STORE", "dynamodb",
            "`dynamodb` (send-once table) or `none`");

    public static final Setting TABLE = Setting.of("notifier.idempotency.table",
            "NOTIFIER_IDEMPOTENCY_TABLE", "stream-notifier-sent",
            "table of the eventIDs already sent");

    public static final Setting TTL_HOURS = Setting.of("notifier.idempotency.ttl-hours",
            "NOTIFIER_IDEMPOTENCY_TTL_HOURS", "48",
            "how long an entry is kept (TTL; longer than the stream's 24 h)");

    public static final Setting CREATE_TABLE = Setting.of("notifier.idempotency.create-table",
            "NOTIFIER_IDEMPOTENCY_CREATE_TABLE", "true",
            "create the table (on demand, with TTL) at start if missing");

    public static final Setting OVERLAP_MARK = Setting.of("notifier.idempotency.overlap-mark",
            "NOTIFIER_IDEMPOTENCY_OVERLAP_MARK", "false",
            "`true`: write a record's entry while the shard's next record is sent (entries stay in order, the batch "
            + "is checkpointed after its last entry); a crash can then send one more e-mail per shard again (see "
            + "[delivery.md](delivery.md)); `false`: each entry is written before the next record starts");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(STORE, TABLE, TTL_HOURS, CREATE_TABLE, OVERLAP_MARK);


    public static IdempotencySettings from(SettingValues values) {
        return new IdempotencySettings(STORE.oneOf(values, "dynamodb", "none").equals("dynamodb"),
                TABLE.string(values), Duration.ofHours(TTL_HOURS.longValue(values)), CREATE_TABLE.booleanValue(values),
                OVERLAP_MARK.booleanValue(values));
    }
}

package io.streamnotifier.config;

import java.util.List;

/** The SES feedback loop (docs/feedback.md): the events queue, the status and suppression tables, the rates. */
public record FeedbackSettings(String queueUrl, boolean readEvents, String statusTable, String suppressionTable,
        boolean createTables, String hashSecret, long rateWindowMinutes) {

    public static final Setting QUEUE_URL = Setting.of("notifier.feedback.queue-url", "NOTIFIER_FEEDBACK_QUEUE_URL", "",
            "SQS queue of a configuration set's SES events ([feedback.md](feedback.md)); empty: no "
            + "feedback loop (no `ses-feedback` route, no status or suppression table)");

    public static final Setting READ_EVENTS = Setting.of("notifier.feedback.read-events",
            "NOTIFIER_FEEDBACK_READ_EVENTS", "true",
            "`false`: this instance keeps the status and suppression tables but leaves the events queue "
            + "to others (one-shot commands never read it)");

    public static final Setting STATUS_TABLE = Setting.of("notifier.feedback.status-table",
            "NOTIFIER_FEEDBACK_STATUS_TABLE", "stream-notifier-delivery-status",
            "DynamoDB table of each order's delivery status (keys `orderKey`, `route`; index "
            + "`messageId-index`)");

    public static final Setting SUPPRESSION_TABLE = Setting.of("notifier.feedback.suppression-table",
            "NOTIFIER_FEEDBACK_SUPPRESSION_TABLE", "stream-notifier-suppressed",
            "DynamoDB table of the suppressed addresses (hashed; key `addressHash`)");

    public static final Setting CREATE_TABLES = Setting.of("notifier.feedback.create-tables",
            "NOTIFIER_FEEDBACK_CREATE_TABLES", "true",
            "create the two tables at start if missing");

    public static final Setting HASH_SECRET = Setting.of("notifier.feedback.hash.secret",
            "NOTIFIER_FEEDBACK_HASH_SECRET", "",
            "secret: keys the hash of suppressed addresses (HMAC-SHA256); empty: plain SHA-256; "
            + "changing it orphans the entries made before");

    public static final Setting RATE_WINDOW_MINUTES = Setting.of("notifier.feedback.rate-window-minutes",
            "NOTIFIER_FEEDBACK_RATE_WINDOW_MINUTES", "1440",
            "sliding window of the bounce and complaint rates (gauges, status page)");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(QUEUE_URL, READ_EVENTS, STATUS_TABLE, SUPPRESSION_TABLE,
            CREATE_TABLES, HASH_SECRET, RATE_WINDOW_MINUTES);

    public static FeedbackSettings from(SettingValues values) {
        return new FeedbackSettings(QUEUE_URL.string(values), READ_EVENTS.booleanValue(values),
                STATUS_TABLE.string(values), SUPPRESSION_TABLE.string(values), CREATE_TABLES.booleanValue(values),
                HASH_SECRET.string(values), RATE_WINDOW_MINUTES.longValue(values));
    }
}

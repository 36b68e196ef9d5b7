package io.streamnotifier.config;

import java.time.Duration;
import java.util.List;

/** The SES client and the {@code sesSender} step: endpoint, timeouts, size limit, send rate, failure handling. */
public record SesSettings(String endpoint, Duration timeout, long maxMessageBytes, String endpointUri,
        double maxSendRate, Duration throttleMaxDelay, Duration probeInterval, int outageAfterRecords,
        Duration maxHoldAge) {

    public static final Setting ENDPOINT = Setting.of("notifier.ses.endpoint", "NOTIFIER_SES_ENDPOINT", "",
            "endpoint override, e.g. the SES emulator; empty: AWS");

    public static final Setting TIMEOUT_MS = Setting.of("notifier.ses.timeout-ms", "NOTIFIER_SES_TIMEOUT_MS", "10000",
            "timeout of one SES call (the client itself does not retry)");

    public static final Setting MAX_MESSAGE_BYTES = Setting.of("notifier.ses.max-message-bytes",
            "NOTIFIER_SES_MAX_MESSAGE_BYTES", "10485760",
            "larger e-mails are dead-lettered (SES's limit is 10 MB)");

    public static final Setting ENDPOINT_URI = Setting.of("notifier.ses.endpoint-uri",
            "NOTIFIER_SES_ENDPOINT_URI", "ses-v2:notifications",
            "the Camel endpoint `sesSender` sends through: the service's `ses-v2` component (SES API v2 SendEmail, "
            + "raw content; [delivery.md](delivery.md#the-ses-v2-endpoint))");

    public static final Setting CONFIGURATION_SET = Setting.of("notifier.ses.configuration-set",
            "NOTIFIER_SES_CONFIGURATION_SET", "",
            "every route's SES configuration set (the `notifier-ses-sink` parameter `configurationSet` changes it "
            + "per route); empty: none");

    public static final Setting TAGS = Setting.of("notifier.ses.tags", "NOTIFIER_SES_TAGS", "",
            "every route's message tags besides `notifier-route` and `notifier-key`, `name=value` pairs separated "
            + "by commas (the sink's `tags` parameter replaces them per route); characters SES refuses become `_`");

    public static final Setting REPLY_TO = Setting.of("notifier.ses.reply-to", "NOTIFIER_SES_REPLY_TO", "",
            "every route's Reply-To address, or several comma-separated (the render action's `replyTo` parameter "
            + "changes it per route); empty: answers go to the sender");

    public static final Setting MAX_SEND_RATE = Setting.of("notifier.ses.max-send-rate",
            "NOTIFIER_SES_MAX_SEND_RATE", "14",
            "most sends a second, shared by all routes that send through `sesSender` (0: no limit)");

    public static final Setting THROTTLE_MAX_DELAY_MS = Setting.of("notifier.ses.throttle-max-delay-ms",
            "NOTIFIER_SES_THROTTLE_MAX_DELAY_MS", "30000",
            "longest pause between sends of a record SES throttles");

    public static final Setting PROBE_INTERVAL_MS = Setting.of("notifier.ses.probe-interval-ms",
            "NOTIFIER_SES_PROBE_INTERVAL_MS", "30000",
            "while the circuit is open, how often the held record is tried again");

    public static final Setting OUTAGE_AFTER_RECORDS = Setting.of("notifier.ses.outage-after-records",
            "NOTIFIER_SES_OUTAGE_AFTER_RECORDS", "2",
            "SES is taken as down (circuit open, records held, not dead-lettered) once this many records in a row "
            + "used up their retries on transient failures; `0`: off, each such record is dead-lettered (the "
            + "`replay` command always runs with 0)");

    public static final Setting MAX_HOLD_AGE_SECONDS = Setting.of("notifier.ses.max-hold-age-seconds",
            "NOTIFIER_SES_MAX_HOLD_AGE_SECONDS", "3600",
            "a record held because SES refuses every send, refuses its route's sender, or is down is dead-lettered "
            + "(replayable) once it is older than this; a smaller `notifier.max-record-age-seconds` applies "
            + "instead; `0` means 24 h");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(ENDPOINT, TIMEOUT_MS, MAX_MESSAGE_BYTES, ENDPOINT_URI,
            CONFIGURATION_SET, TAGS, REPLY_TO, MAX_SEND_RATE, THROTTLE_MAX_DELAY_MS, PROBE_INTERVAL_MS, OUTAGE_AFTER_RECORDS, MAX_HOLD_AGE_SECONDS);


    public static SesSettings from(SettingValues values) {
        return new SesSettings(ENDPOINT.string(values), TIMEOUT_MS.millis(values), MAX_MESSAGE_BYTES.longValue(values),
                ENDPOINT_URI.string(values), MAX_SEND_RATE.doubleValue(values), THROTTLE_MAX_DELAY_MS.millis(values),
                PROBE_INTERVAL_MS.millis(values), OUTAGE_AFTER_RECORDS.intValue(values),
                MAX_HOLD_AGE_SECONDS.seconds(values));
    }
}

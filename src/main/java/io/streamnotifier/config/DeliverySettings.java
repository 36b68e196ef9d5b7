package io.streamnotifier.config;

import java.time.Duration;
import java.util.List;

/**
 * How long a record may wait and how often a failed send is tried again (the retry keys are read by the dead-letter
 * channel in routes/error-handling.camel.yaml; the SES step needs the number of redeliveries too).
 */
public record DeliverySettings(Duration maxRecordAge, int maxRedeliveries) {

    public static final Setting MAX_RECORD_AGE_SECONDS = Setting.of("notifier.max-record-age-seconds",
            "NOTIFIER_MAX_RECORD_AGE_SECONDS", "0",
            "older records are dead-lettered as expired instead of sent; `0`: off");

    public static final Setting MAX_REDELIVERIES = Setting.of("notifier.retry.max-redeliveries",
            "NOTIFIER_RETRY_MAX_REDELIVERIES", "3",
            "retries after the first attempt");

    public static final Setting INITIAL_DELAY_MS = Setting.of("notifier.retry.initial-delay-ms",
            "NOTIFIER_RETRY_INITIAL_DELAY_MS", "1000",
            "delay before the first retry");

    public static final Setting BACKOFF_MULTIPLIER = Setting.of("notifier.retry.backoff-multiplier",
            "NOTIFIER_RETRY_BACKOFF_MULTIPLIER", "2",
            "each retry waits this much longer (+/-15 % jitter)");

    public static final Setting MAX_DELAY_MS = Setting.of("notifier.retry.max-delay-ms",
            "NOTIFIER_RETRY_MAX_DELAY_MS", "30000",
            "cap on one retry delay");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(MAX_RECORD_AGE_SECONDS, MAX_REDELIVERIES, INITIAL_DELAY_MS,
            BACKOFF_MULTIPLIER, MAX_DELAY_MS);


    public static DeliverySettings from(SettingValues values) {
        return new DeliverySettings(MAX_RECORD_AGE_SECONDS.seconds(values), MAX_REDELIVERIES.intValue(values));
    }
}

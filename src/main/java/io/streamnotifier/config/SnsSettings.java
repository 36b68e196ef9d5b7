package io.streamnotifier.config;

import java.time.Duration;
import java.util.List;

/** The SNS client of the notifier-sns-sink Kamelet (the topic is read by the example route only). */
public record SnsSettings(String endpoint, Duration timeout) {

    public static final Setting ENDPOINT = Setting.of("notifier.sns.endpoint", "NOTIFIER_SNS_ENDPOINT", "",
            "SNS endpoint override (notifier-sns-sink), e.g. the SNS emulator; empty: AWS");

    public static final Setting TIMEOUT_MS = Setting.of("notifier.sns.timeout-ms", "NOTIFIER_SNS_TIMEOUT_MS", "10000",
            "timeout of one SNS call (the client itself does not retry)");

    public static final Setting TOPIC = Setting.of("notifier.sns.topic", "NOTIFIER_SNS_TOPIC", "",
            "topic ARN of `examples/routes/order-events-to-sns.camel.yaml`; only read by that route");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(ENDPOINT, TIMEOUT_MS, TOPIC);


    public static SnsSettings from(SettingValues values) {
        return new SnsSettings(ENDPOINT.string(values), TIMEOUT_MS.millis(values));
    }
}

package io.streamnotifier.config;

import java.nio.file.Path;
import java.util.List;

/** The dead-letter store: a JSON Lines file, or an SQS queue with the file as its fallback. */
public record DeadLetterSettings(boolean sqs, Path file, String queueUrl, String sqsEndpoint) {

    public static final Setting DATA_DIR = Setting.of("notifier.data-dir", "NOTIFIER_DATA_DIR", "data",
            "directory for the service's state (dead letters)");

    public static final Setting STORE = Setting.of("notifier.dead-letter.store", "NOTIFIER_DEAD_LETTER_STORE", "file",
            "`file` or `sqs`");

    public static final Setting FILE = Setting.of("notifier.dead-letter.file",
            "NOTIFIER_DEAD_LETTER_FILE", "{{notifier.data-dir}}/dead-letters.jsonl",
            "the JSON Lines file (also the SQS fallback)");

    public static final Setting QUEUE_URL = Setting.of("notifier.dead-letter.queue-url",
            "NOTIFIER_DEAD_LETTER_QUEUE_URL", "",
            "SQS queue URL, required with `sqs`");

    public static final Setting SQS_ENDPOINT = Setting.of("notifier.sqs.endpoint", "NOTIFIER_SQS_ENDPOINT", "",
            "endpoint override, e.g. ElasticMQ; empty: AWS");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(DATA_DIR, STORE, FILE, QUEUE_URL, SQS_ENDPOINT);


    public static DeadLetterSettings from(SettingValues values) {
        boolean sqs = STORE.oneOf(values, "file", "sqs").equals("sqs");
        String queueUrl = QUEUE_URL.string(values);
        if (sqs && queueUrl.isBlank()) {
            throw new IllegalArgumentException("notifier.dead-letter.store is sqs but " + QUEUE_URL.name()
                    + " is empty");
        }
        return new DeadLetterSettings(sqs, Path.of(FILE.string(values)), queueUrl, SQS_ENDPOINT.string(values));
    }
}

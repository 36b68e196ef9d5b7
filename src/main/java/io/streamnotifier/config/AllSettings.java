package io.streamnotifier.config;

import java.util.List;

/**
 * Every key of application.properties, area by area, in the file's order. {@code DocsDriftTest} fails when the file
 * or the configuration table in docs/configuration.md disagrees with these definitions; a new key is a
 * {@link Setting} in its area's class, listed in that class's {@code ALL}.
 */
public final class AllSettings {

    /** The areas in the order of application.properties. */
    public static final List<List<Setting>> AREAS = List.of(CamelSettings.ALL, OpsSettings.ALL, AwsSettings.ALL,
            StreamSettings.ALL, IdempotencySettings.ALL, MailSettings.ALL, SesSettings.ALL, DeliverySettings.ALL,
            TemplateSettings.ALL, SnsSettings.ALL, DeadLetterSettings.ALL, FeedbackSettings.ALL);

    public static final List<Setting> ALL = AREAS.stream().flatMap(List::stream).toList();

    private AllSettings() {
    }

    /** The definition of a key, or null. */
    public static Setting find(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
    }
}

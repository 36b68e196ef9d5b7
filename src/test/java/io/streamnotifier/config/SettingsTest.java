package io.streamnotifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The typed settings records, read from plain values: types, choices, and the errors a wrong value gives. */
class SettingsTest {

    /** Every key at its default, as application.properties gives it with no variable set (placeholders left). */
    private static Map<String, String> defaults() {
        Map<String, String> values = new HashMap<>();
        AllSettings.ALL.forEach(s -> values.put(s.key(), s.defaultValue() + s.appended()));
        return values;
    }

    @Test
    void the_defaults_read_into_typed_values() {
        SettingValues values = SettingValues.of(defaults());
        SesSettings ses = SesSettings.from(values);
        assertEquals(Duration.ofSeconds(10), ses.timeout());
        assertEquals(14.0, ses.maxSendRate());
        assertEquals(Duration.ofHours(1), ses.maxHoldAge());
        assertEquals(2, ses.outageAfterRecords());
        assertEquals("ses-v2:notifications", ses.endpointUri());
        IdempotencySettings sendOnce = IdempotencySettings.from(values);
        assertTrue(sendOnce.enabled());
        assertEquals(Duration.ofHours(48), sendOnce.ttl());
        OpsSettings ops = OpsSettings.from(values);
        assertEquals(8081, ops.port());
        assertEquals("127.0.0.1", ops.host());
        assertFalse(ops.checkStrict());
        assertEquals(Duration.ofSeconds(10), StreamSettings.from(values).failoverTime());
        assertEquals(Path.of("templates"), TemplateSettings.from(values).dir());
        assertEquals(Duration.ZERO, DeliverySettings.from(values).maxRecordAge());
        assertFalse(DeadLetterSettings.from(values).sqs());
    }

    @Test
    void a_value_of_the_wrong_type_names_the_key_its_variable_and_what_was_expected() {
        Map<String, String> values = defaults();
        values.put("notifier.ses.timeout-ms", "10s");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SesSettings.from(SettingValues.of(values)));
        assertEquals("notifier.ses.timeout-ms (NOTIFIER_SES_TIMEOUT_MS) is '10s'; expected a whole number",
                error.getMessage());

        values.put("notifier.ops.enabled", "yes");
        error = assertThrows(IllegalArgumentException.class, () -> OpsSettings.from(SettingValues.of(values)));
        assertEquals("notifier.ops.enabled (NOTIFIER_OPS_ENABLED) is 'yes'; expected true or false",
                error.getMessage());
    }

    @Test
    void a_store_is_one_of_its_kinds_in_any_case() {
        Map<String, String> values = defaults();
        values.put("notifier.idempotency.store", " NONE ");
        assertFalse(IdempotencySettings.from(SettingValues.of(values)).enabled());
        values.put("notifier.idempotency.store", "redis");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> IdempotencySettings.from(SettingValues.of(values)));
        assertEquals("notifier.idempotency.store (NOTIFIER_IDEMPOTENCY_STORE) is 'redis'; use dynamodb or none",
                error.getMessage());
        values.put("notifier.dead-letter.store", "disk");
        error = assertThrows(IllegalArgumentException.class, () -> DeadLetterSettings.from(SettingValues.of(values)));
        assertEquals("notifier.dead-letter.store (NOTIFIER_DEAD_LETTER_STORE) is 'disk'; use file or sqs",
                error.getMessage());
    }

    @Test
    void the_sqs_store_needs_a_queue_url() {
        Map<String, String> values = defaults();
        values.put("notifier.dead-letter.store", "sqs");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DeadLetterSettings.from(SettingValues.of(values)));
        assertEquals("notifier.dead-letter.store is sqs but notifier.dead-letter.queue-url "
                + "(NOTIFIER_DEAD_LETTER_QUEUE_URL) is empty", error.getMessage());
        values.put("notifier.dead-letter.queue-url", "http://localhost:9324/000000000000/dead-letters");
        assertTrue(DeadLetterSettings.from(SettingValues.of(values)).sqs());
    }

    @Test
    void each_key_is_defined_once_with_a_variable_unless_fixed() {
        assertEquals(AllSettings.ALL.size(), AllSettings.ALL.stream().map(Setting::key).distinct().count());
        assertEquals("{{env:NOTIFIER_ROUTES:file:routes/*.camel.yaml}},classpath:routes/*.camel.yaml",
                CamelSettings.ROUTES_INCLUDE_PATTERN.propertyValue());
        assertEquals("false", CamelSettings.JMX_ENABLED.propertyValue());
        assertEquals("notifier.sender (SENDER)", MailSettings.SENDER.name());
    }
}

package io.streamnotifier.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.streamnotifier.it.support.LocalStackSettings.Setting;
import org.junit.jupiter.api.Test;

/** The local stack's settings give a process the same configuration as an in-process test. */
class LocalStackSettingsTest {

    private static final List<Setting> SETTINGS = LocalStackSettings.forTable("Orders-1",
            URI.create("http://127.0.0.1:1111"), URI.create("http://127.0.0.1:2222"));

    @Test
    void each_variable_is_the_one_the_service_reads_its_key_from() throws IOException {
        Properties shipped = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            shipped.load(in);
        }
        List<String> wrong = new ArrayList<>();
        for (Setting setting : SETTINGS) {
            if (setting.key() == null) {
                continue;
            }
            String value = shipped.getProperty(setting.key());
            if (value == null || !value.startsWith("{{env:" + setting.variable() + ":")) {
                wrong.add(setting.key() + " is not read from " + setting.variable() + ": " + value);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void properties_and_environment_hold_the_same_values() {
        Properties properties = LocalStackSettings.properties(SETTINGS);
        Map<String, String> environment = LocalStackSettings.environment(SETTINGS);
        assertEquals("Orders-1-leases", properties.get("notifier.stream.lease-table"));
        assertEquals("Orders-1-leases", environment.get("NOTIFIER_LEASE_TABLE"));
        assertEquals("http://127.0.0.1:1111", environment.get("NOTIFIER_DYNAMODB_STREAMS_ENDPOINT"));
        assertEquals("local", environment.get("AWS_ACCESS_KEY_ID"));
        assertTrue(properties.values().stream().noneMatch("local"::equals), "credentials are no service property");
        assertEquals(SETTINGS.size(), environment.size());
        assertEquals(SETTINGS.size() - 2, properties.size());
    }
}

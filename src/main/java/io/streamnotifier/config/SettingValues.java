package io.streamnotifier.config;

import java.util.Map;

import org.apache.camel.CamelContext;

/** Where the settings' values come from: Camel's properties (with their overrides and variables), or a map. */
@FunctionalInterface
public interface SettingValues {

    /** The value of a key; an error when there is none. */
    String get(String key);

    /** The values as the service has them: application.properties, the override file, -D, the variables. */
    static SettingValues of(CamelContext context) {
        return key -> context.resolvePropertyPlaceholders("{{" + key + "}}");
    }

    /** Fixed values (tests): a key not in the map is an error, as in the service. */
    static SettingValues of(Map<String, String> values) {
        return key -> {
            String value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException("no value for " + key);
            }
            return value;
        };
    }
}

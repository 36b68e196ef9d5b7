package io.streamnotifier.config;

import java.time.Duration;
import java.util.Locale;

/**
 * One key of {@code application.properties}, defined once: its name, the environment variable that overrides it
 * (null for a fixed key), its default, and the description the configuration table in docs/configuration.md shows.
 * {@code appended} is a part of the value that no variable replaces (the routes packaged in the jar after those of
 * {@code NOTIFIER_ROUTES}). {@code DocsDriftTest} checks application.properties and the table against these
 * definitions.
 */
public record Setting(String key, String variable, String defaultValue, String appended, String description) {

    /** A key an environment variable overrides: {@code key = {{env:VARIABLE:default}}}. */
    public static Setting of(String key, String variable, String defaultValue, String description) {
        return new Setting(key, variable, defaultValue, "", description);
    }

    /** A key with a variable and a part the variable does not replace: {@code {{env:VARIABLE:default}}appended}. */
    public static Setting appended(String key, String variable, String defaultValue, String appended,
            String description) {
        return new Setting(key, variable, defaultValue, appended, description);
    }

    /** A key no variable overrides (it can still be set with -D or the override file). */
    public static Setting fixed(String key, String value, String description) {
        return new Setting(key, null, value, "", description);
    }

    /** The value application.properties gives the key. */
    public String propertyValue() {
        return variable == null ? defaultValue : "{{env:" + variable + ":" + defaultValue + "}}" + appended;
    }

    /** The key and its variable, as an error message names them: {@code notifier.ses.timeout-ms (NOTIFIER_...)}. */
    public String name() {
        return variable == null ? key : key + " (" + variable + ")";
    }

    /** The value as given, stripped. */
    public String string(SettingValues values) {
        return values.get(key).strip();
    }

    public long longValue(SettingValues values) {
        String value = string(values);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(value, "a whole number");
        }
    }

    public int intValue(SettingValues values) {
        String value = string(values);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(value, "a whole number");
        }
    }

    public double doubleValue(SettingValues values) {
        String value = string(values);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw invalid(value, "a number");
        }
    }

    public boolean booleanValue(SettingValues values) {
        String value = string(values).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(value, "true or false");
        };
    }

    public Duration millis(SettingValues values) {
        return Duration.ofMillis(longValue(values));
    }

    public Duration seconds(SettingValues values) {
        return Duration.ofSeconds(longValue(values));
    }

    /** The value in lower case, one of {@code allowed}; anything else is an error naming the key and the values. */
    public String oneOf(SettingValues values, String... allowed) {
        String value = string(values).toLowerCase(Locale.ROOT);
        for (String candidate : allowed) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException(name() + " is '" + string(values) + "'; use " + String.join(" or ",
                allowed));
    }

    private IllegalArgumentException invalid(String value, String expected) {
        return new IllegalArgumentException(name() + " is '" + value + "'; expected " + expected);
    }
}

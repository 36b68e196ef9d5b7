package io.streamnotifier.docs;

import static io.streamnotifier.docs.MarkdownTable.cell;
import static io.streamnotifier.docs.MarkdownTable.code;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The reference tables of docs/, built from the code they describe: the service's settings
 * (application.properties), each Kamelet's parameters (kamelets/*.kamelet.yaml) and the ddb-stream endpoint's
 * options (its {@code @UriParam} fields). {@code DocsDriftTest} compares them with the documents or rewrites them.
 */
final class DocsTables {

    static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    static final Path KAMELETS = Path.of("kamelets");
    static final String ENDPOINT_CLASS = "io.streamnotifier.stream.kcl.DdbStreamEndpoint";
    static final String COMPONENT_CLASS = "io.streamnotifier.stream.kcl.DdbStreamComponent";
    static final String COMPONENT_PREFIX = "camel.component.ddb-stream.";

    static final List<String> CONFIGURATION_HEADER = List.of("key", "environment variable", "default", "description");

    private DocsTables() {
    }

    /** One key of application.properties: its variable ({{env:NAME:default}}) if it has one, and its default. */
    record Setting(String key, String variable, String defaultValue) {
    }

    /** The keys of application.properties, in the file's order. */
    static List<Setting> settings() throws IOException {
        String text = Files.readString(PROPERTIES);
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        List<Setting> settings = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!") || !trimmed.contains("=")) {
                continue;
            }
            String key = trimmed.substring(0, trimmed.indexOf('=')).strip();
            settings.add(setting(key, properties.getProperty(key).strip()));
        }
        return settings;
    }

    static Setting setting(String key, String value) {
        if (value.startsWith("{{env:") && value.endsWith("}}")) {
            String inner = value.substring("{{env:".length(), value.length() - 2);
            int colon = inner.indexOf(':');
            return colon < 0 ? new Setting(key, inner, "")
                    : new Setting(key, inner.substring(0, colon), inner.substring(colon + 1));
        }
        return new Setting(key, null, value);
    }

    /** A setting's row: key, variable, default; the description is the document's. */
    static List<String> configurationRow(Setting setting, String description) {
        return List.of(code(setting.key(), ""), code(setting.variable(), "(none)"),
                code(setting.defaultValue(), "(empty)"), description == null ? "" : description);
    }

    /**
     * The configuration table: a row per key of application.properties, in its order, each with the description the
     * document gives it (empty for a key it does not describe yet).
     */
    static MarkdownTable configurationTable(MarkdownTable documented) throws IOException {
        Map<String, List<String>> rows = documented.byName();
        List<List<String>> expected = new ArrayList<>();
        for (Setting setting : settings()) {
            List<String> row = rows.get(code(setting.key(), ""));
            expected.add(configurationRow(setting, row == null || row.size() < 4 ? "" : row.get(3)));
        }
        return new MarkdownTable(CONFIGURATION_HEADER, expected);
    }

    /** The Kamelet files by name (notifier-ses-sink), in name order. */
    static Map<String, Path> kamelets() throws IOException {
        Map<String, Path> kamelets = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(KAMELETS)) {
            files.filter(f -> f.getFileName().toString().endsWith(".kamelet.yaml")).sorted()
                    .forEach(f -> kamelets.put(f.getFileName().toString().replace(".kamelet.yaml", ""), f));
        }
        return kamelets;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> definition(Path kamelet) throws IOException {
        Map<String, Object> yaml = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(kamelet));
        return (Map<String, Object>) ((Map<String, Object>) yaml.get("spec")).get("definition");
    }

    /** A Kamelet's parameters (spec.definition.properties): name, description, type, default, required, secret. */
    @SuppressWarnings("unchecked")
    static MarkdownTable kameletTable(Path kamelet) throws IOException {
        Map<String, Object> definition = definition(kamelet);
        List<Object> required = (List<Object>) definition.getOrDefault("required", List.of());
        Map<String, Object> properties = (Map<String, Object>) definition.getOrDefault("properties", Map.of());
        List<List<String>> rows = new ArrayList<>();
        properties.forEach((name, value) -> {
            Map<String, Object> parameter = value == null ? Map.of() : (Map<String, Object>) value;
            String description = cell((String) parameter.get("description"));
            if (parameter.get("enum") instanceof List<?> values) {
                description += " One of " + String.join(", ", values.stream().map(v -> "`" + v + "`").toList())
                        + ".";
            }
            Object defaultValue = parameter.get("default");
            rows.add(List.of(code(name, ""), description, cell(String.valueOf(parameter.get("type"))),
                    defaultValue == null ? "" : code(cell(String.valueOf(defaultValue)), "(empty)"),
                    required.contains(name) ? "yes" : "no", secret(parameter)));
        });
        if (rows.isEmpty()) {
            rows.add(List.of("(none)", "this Kamelet takes no parameters", "", "", "", ""));
        }
        return new MarkdownTable(List.of("parameter", "description", "type", "default", "required", "secret"), rows);
    }

    private static String secret(Map<String, Object> parameter) {
        if ("password".equals(parameter.get("format"))) {
            return "yes";
        }
        Object descriptors = parameter.get("x-descriptors");
        if (descriptors instanceof List<?> list && list.contains("urn:camel:group:credentials")) {
            return "credentials";
        }
        return "no";
    }

    /** One option of the ddb-stream endpoint, from its {@code @UriPath} or {@code @UriParam} field. */
    record EndpointOption(String name, boolean path, String description, String type, String defaultValue,
                          boolean required, boolean onComponent) {
    }

    /**
     * The ddb-stream endpoint's options: its {@code @UriPath} and {@code @UriParam} fields, those of any
     * {@code @UriParams} class it holds (a configuration class) included, in declaration order.
     */
    static List<EndpointOption> endpointOptions() throws ReflectiveOperationException {
        Class<?> component = Class.forName(COMPONENT_CLASS);
        List<EndpointOption> options = new ArrayList<>();
        collect(Class.forName(ENDPOINT_CLASS), component, options);
        return options;
    }

    private static void collect(Class<?> type, Class<?> component, List<EndpointOption> options) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (!c.getName().startsWith("io.streamnotifier")) {
                continue;
            }
            for (Field field : c.getDeclaredFields()) {
                UriPath path = field.getAnnotation(UriPath.class);
                UriParam param = field.getAnnotation(UriParam.class);
                if (field.getType().isAnnotationPresent(UriParams.class)) {
                    collect(field.getType(), component, options);
                } else if (path != null) {
                    options.add(new EndpointOption(named(path.name(), field), true, path.description(),
                            typeOf(field, path.enums()), path.defaultValue(), true, false));
                } else if (param != null) {
                    Metadata metadata = field.getAnnotation(Metadata.class);
                    String name = named(param.name(), field);
                    options.add(new EndpointOption(name, false, param.description(), typeOf(field, param.enums()),
                            param.defaultValue(), metadata != null && metadata.required(),
                            onComponent(component, name)));
                }
            }
        }
    }

    private static String named(String name, Field field) {
        return name == null || name.isEmpty() ? field.getName() : name;
    }

    private static String typeOf(Field field, String enums) {
        Class<?> type = field.getType();
        if (type.isEnum()) {
            return "enum: " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList());
        }
        if (enums != null && !enums.isEmpty()) {
            return "enum: " + enums.replace(",", ", ");
        }
        return type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the component sets the option for all its endpoints: it has the option's setter, or it holds a
     * configuration class that has the option.
     */
    private static boolean onComponent(Class<?> component, String name) {
        String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (Method method : component.getMethods()) {
            if (method.getName().equals(setter) && method.getParameterCount() == 1) {
                return true;
            }
        }
        for (Field field : component.getDeclaredFields()) {
            if (field.getType().isAnnotationPresent(UriParams.class)) {
                List<EndpointOption> held = new ArrayList<>();
                collect(field.getType(), Object.class, held);
                if (held.stream().anyMatch(o -> o.name().equals(name))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The kebab-case form of an option name, as in camel.component.ddb-stream.busy-poll-interval-ms. */
    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The ddb-stream options table: option, description, type, default, required, component property. */
    static MarkdownTable endpointTable() throws ReflectiveOperationException {
        List<List<String>> rows = new ArrayList<>();
        for (EndpointOption option : endpointOptions()) {
            rows.add(List.of(code(option.name(), "") + (option.path() ? " (path)" : ""), cell(option.description()),
                    cell(option.type()), code(option.defaultValue(), ""), option.required() ? "yes" : "no",
                    option.onComponent() ? code(COMPONENT_PREFIX + kebab(option.name()), "") : ""));
        }
        return new MarkdownTable(List.of("option", "description", "type", "default", "required",
                "also set for every endpoint by"), rows);
    }
}

package io.streamnotifier.docs;

import static io.streamnotifier.docs.MarkdownTable.cell;
import static io.streamnotifier.docs.MarkdownTable.code;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamnotifier.config.AllSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The reference tables of docs/, built from the code they describe: the service's settings
 * (io.streamnotifier.config, which application.properties follows), each Kamelet's parameters (kamelets/*.kamelet.yaml) and the ddb-stream endpoint's
 * options (ddb-stream.json, which the build generates from DdbStreamConfiguration's annotations).
 * {@code DocsDriftTest} compares them with the documents or rewrites them.
 */
final class DocsTables {

    static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    static final Path KAMELETS = Path.of("kamelets");
    static final String COMPONENT_CLASS = "io.streamnotifier.stream.kcl.DdbStreamComponent";
    static final String CONFIGURATION_CLASS = "io.streamnotifier.stream.kcl.DdbStreamConfiguration";
    static final String COMPONENT_PREFIX = "camel.component.ddb-stream.";

    static final List<String> CONFIGURATION_HEADER = List.of("key", "environment variable", "default", "description");

    private DocsTables() {
    }

    /** One key of application.properties: its variable ({{env:NAME:default}}) if it has one, and its default. */
    record Setting(String key, String variable, String defaultValue) {
    }

    /** The keys of application.properties as the code defines them (io.streamnotifier.config), in order. */
    static List<Setting> settings() {
        return AllSettings.ALL.stream().map(s -> new Setting(s.key(), s.variable(), s.defaultValue() + s.appended()))
                .toList();
    }

    /** The keys of application.properties with their values, in the file's order. */
    static Map<String, String> propertiesFile() throws IOException {
        String text = Files.readString(PROPERTIES);
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!") || !trimmed.contains("=")) {
                continue;
            }
            String key = trimmed.substring(0, trimmed.indexOf('=')).strip();
            values.put(key, properties.getProperty(key).strip());
        }
        return values;
    }

    /** A setting's row: key, variable, default, description. */
    static List<String> configurationRow(Setting setting, String description) {
        return List.of(code(setting.key(), ""), code(setting.variable(), "(none)"),
                code(setting.defaultValue(), "(empty)"), description == null ? "" : description);
    }

    /** The configuration table: a row per key, in the order of application.properties, all from the code. */
    static MarkdownTable configurationTable() {
        List<List<String>> rows = new ArrayList<>();
        for (io.streamnotifier.config.Setting setting : AllSettings.ALL) {
            rows.add(configurationRow(new Setting(setting.key(), setting.variable(), setting.defaultValue()
                    + setting.appended()), setting.description()));
        }
        return new MarkdownTable(CONFIGURATION_HEADER, rows);
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

    /** One option of the ddb-stream endpoint, from the component's catalogue entry (ddb-stream.json). */
    record EndpointOption(String name, boolean path, String description, String type, String defaultValue,
                          boolean required, boolean onComponent, String group) {
    }

    /**
     * The ddb-stream endpoint's own options (those of its configuration class, not the ones every Camel consumer
     * has), in the order of ddb-stream.json: the file camel-component-maven-plugin generates from the annotations,
     * which Camel's catalogue, Camel JBang and IDEs read.
     */
    static List<EndpointOption> endpointOptions() throws IOException, ReflectiveOperationException {
        JsonNode json = componentJson();
        JsonNode componentProperties = json.get("componentProperties");
        List<EndpointOption> options = new ArrayList<>();
        json.get("properties").properties().forEach(entry -> {
            JsonNode option = entry.getValue();
            if (!CONFIGURATION_CLASS.equals(option.path("configurationClass").asText())) {
                return;
            }
            String type = option.path("type").asText();
            if (option.has("enum")) {
                List<String> values = new ArrayList<>();
                option.get("enum").forEach(v -> values.add(v.asText()));
                type = "enum: " + String.join(", ", values);
            }
            options.add(new EndpointOption(entry.getKey(), "path".equals(option.path("kind").asText()),
                    option.path("description").asText(), type, option.path("defaultValue").asText(""),
                    option.path("required").asBoolean(), componentProperties.has(entry.getKey()),
                    option.path("group").asText()));
        });
        return options;
    }

    /** ddb-stream.json from the classes (target/classes, where the build writes it before the tests run). */
    static JsonNode componentJson() throws IOException, ReflectiveOperationException {
        Class<?> component = Class.forName(COMPONENT_CLASS);
        String resource = "META-INF/" + component.getPackageName().replace('.', '/') + "/ddb-stream.json";
        try (InputStream in = component.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path: the build's camel-component-maven-plugin "
                        + "generates it (mvn -B -o process-classes)");
            }
            return new ObjectMapper().readTree(in);
        }
    }

    /** The kebab-case form of an option name, as in camel.component.ddb-stream.busy-poll-interval-ms. */
    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The ddb-stream options table: option, description, type, default, required, group, component property. */
    static MarkdownTable endpointTable() throws IOException, ReflectiveOperationException {
        List<List<String>> rows = new ArrayList<>();
        for (EndpointOption option : endpointOptions()) {
            rows.add(List.of(code(option.name(), "") + (option.path() ? " (path)" : ""), cell(option.description()),
                    cell(option.type()), code(option.defaultValue(), ""), option.required() ? "yes" : "no",
                    cell(option.group()),
                    option.onComponent() ? code(COMPONENT_PREFIX + kebab(option.name()), "") : ""));
        }
        return new MarkdownTable(List.of("option", "description", "type", "default", "required", "group",
                "also set for every endpoint by"), rows);
    }
}

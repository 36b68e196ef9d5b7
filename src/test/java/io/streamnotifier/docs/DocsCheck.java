package io.streamnotifier.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.streamnotifier.config.AllSettings;

/**
 * Compares the documents' tables with the tables {@link DocsTables} builds from the code, or rewrites them. Each
 * method returns the problems found, one a line naming the document and the row ("" when there is none).
 */
final class DocsCheck {

    private static final String UPDATE_HINT = "mvn -B -o test -Dtest=DocsDriftTest -Ddocs.update=true";

    private DocsCheck() {
    }

    static MarkdownTable table(String text) {
        return MarkdownTable.parse(text);
    }

    static String configurationTable(Path document, boolean update) throws IOException {
        return checkOrWrite(document, Files.readString(document), "configuration", DocsTables.configurationTable(),
                update);
    }

    /** Every setting the code defines has a description (the table's last column). */
    static String undescribedSettings() {
        List<String> problems = new ArrayList<>();
        for (io.streamnotifier.config.Setting setting : AllSettings.ALL) {
            if (setting.description() == null || setting.description().isBlank()) {
                problems.add(setting.key() + ": no description; write one in its definition in "
                        + "io.streamnotifier.config");
            }
        }
        return String.join("\n", problems);
    }

    /**
     * application.properties against the settings the code defines: the same keys, in the same order, each with the
     * value its definition gives ({@code {{env:VARIABLE:default}}}).
     */
    static String propertiesAgainstDefinitions() throws IOException {
        Map<String, String> file = DocsTables.propertiesFile();
        List<String> problems = new ArrayList<>();
        for (io.streamnotifier.config.Setting setting : AllSettings.ALL) {
            String value = file.get(setting.key());
            if (value == null) {
                problems.add(DocsTables.PROPERTIES + " has no key " + setting.key() + " (defined in code: "
                        + setting.key() + " = " + setting.propertyValue() + ")");
            } else if (!value.equals(setting.propertyValue())) {
                problems.add(DocsTables.PROPERTIES + ", key " + setting.key() + ": the file says " + value
                        + ", the code says " + setting.propertyValue());
            }
        }
        file.keySet().stream().filter(key -> AllSettings.find(key) == null).forEach(key -> problems.add(
                DocsTables.PROPERTIES + ", key " + key + ": not defined in code; add a Setting to its area's class in "
                        + "io.streamnotifier.config (with its description) and to that class's ALL"));
        List<String> defined = AllSettings.ALL.stream().map(io.streamnotifier.config.Setting::key)
                .filter(file::containsKey).toList();
        List<String> inFile = file.keySet().stream().filter(key -> AllSettings.find(key) != null).toList();
        if (problems.isEmpty() && !defined.equals(inFile)) {
            problems.add(DocsTables.PROPERTIES + ": the keys are out of order, the code's order is " + defined);
        }
        return String.join("\n", problems);
    }

    /**
     * The rows of every table marked {@code checked} in a document: each names a key of application.properties
     * (first cell) with its variable and default (second and third), as the configuration table does; the rest of
     * the row is the document's.
     */
    static String checkedSettings(Path document) throws IOException {
        Map<String, DocsTables.Setting> settings = new LinkedHashMap<>();
        DocsTables.settings().forEach(s -> settings.put(MarkdownTable.code(s.key(), ""), s));
        List<String> problems = new ArrayList<>();
        MarkdownTable.sections(Files.readString(document), "checked").forEach((name, section) -> {
            for (List<String> row : MarkdownTable.parse(section).rows()) {
                DocsTables.Setting setting = settings.get(row.get(0));
                if (setting == null) {
                    problems.add(document + ", table \"" + name + "\", row " + row.get(0)
                            + ": no such key in " + DocsTables.PROPERTIES);
                    continue;
                }
                List<String> expected = DocsTables.configurationRow(setting, "").subList(0, 3);
                if (row.size() < 3 || !row.subList(0, 3).equals(expected)) {
                    problems.add(document + ", table \"" + name + "\", row " + row.get(0) + ": the document says "
                            + MarkdownTable.line(row.subList(0, Math.min(3, row.size()))).strip()
                            + ", application.properties says " + MarkdownTable.line(expected).strip());
                }
            }
        });
        return String.join("\n", problems);
    }

    static String kameletTables(Path document, boolean update) throws IOException {
        String text = Files.readString(document);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Path> kamelet : DocsTables.kamelets().entrySet()) {
            String name = "kamelet " + kamelet.getKey();
            MarkdownTable expected = DocsTables.kameletTable(kamelet.getValue());
            if (!MarkdownTable.sections(text, "generated").containsKey(name)) {
                problems.add(document + " has no table for " + kamelet.getValue() + ": add <!-- START generated: "
                        + name + " --> and <!-- END generated: " + name + " -->");
                continue;
            }
            if (update) {
                text = MarkdownTable.replaceSection(text, name, expected.format());
            } else {
                problems.add(compare(document.toString(), name, text, expected));
            }
        }
        for (String name : MarkdownTable.sections(text, "generated").keySet()) {
            if (name.startsWith("kamelet ") && !DocsTables.kamelets().containsKey(name.substring(8))) {
                problems.add(document + ", table \"" + name + "\": no such Kamelet in " + DocsTables.KAMELETS);
            }
        }
        if (update) {
            Files.writeString(document, text);
        }
        return join(problems);
    }

    static String endpointTable(Path document, boolean update) throws IOException, ReflectiveOperationException {
        return checkOrWrite(document, Files.readString(document), "ddb-stream options", DocsTables.endpointTable(),
                update);
    }

    /** Every {{key}} in a Kamelet parameter's default is a key of application.properties. */
    @SuppressWarnings("unchecked")
    static String unknownKameletDefaults() throws IOException {
        List<String> keys = DocsTables.settings().stream().map(DocsTables.Setting::key).toList();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Path> kamelet : DocsTables.kamelets().entrySet()) {
            Map<String, Object> properties = (Map<String, Object>) DocsTables.definition(kamelet.getValue())
                    .getOrDefault("properties", Map.of());
            properties.forEach((name, value) -> {
                Object defaultValue = value instanceof Map<?, ?> map ? map.get("default") : null;
                Matcher matcher = Pattern.compile("\\{\\{([a-z][\\w.-]*)}}").matcher(String.valueOf(defaultValue));
                while (defaultValue != null && matcher.find()) {
                    if (matcher.group(1).startsWith("notifier.") && !keys.contains(matcher.group(1))) {
                        problems.add(kamelet.getValue() + ", parameter " + name + ": its default names "
                                + matcher.group(1) + ", which is not a key of " + DocsTables.PROPERTIES);
                    }
                }
            });
        }
        return String.join("\n", problems);
    }

    /**
     * A setting that becomes a ddb-stream option (through the source Kamelet's parameter of the same name, or a
     * {@code camel.component.ddb-stream.*} key) defaults to the value the endpoint itself defaults to, so that a
     * route reading with a bare ddb-stream: URI behaves as a route through the Kamelet.
     */
    @SuppressWarnings("unchecked")
    static String settingsAgainstEndpointDefaults() throws IOException, ReflectiveOperationException {
        Map<String, DocsTables.Setting> settings = new LinkedHashMap<>();
        DocsTables.settings().forEach(s -> settings.put(s.key(), s));
        Map<String, String> endpointDefaults = new LinkedHashMap<>();
        DocsTables.endpointOptions().forEach(o -> endpointDefaults.put(o.name(), o.defaultValue()));
        // option name -> the setting that supplies it, and where that is said
        Map<String, String[]> handedOn = new LinkedHashMap<>();
        Path source = DocsTables.kamelets().get("notifier-ddb-stream-source");
        Map<String, Object> parameters = (Map<String, Object>) DocsTables.definition(source).get("properties");
        parameters.forEach((name, value) -> {
            Object defaultValue = ((Map<String, Object>) value).get("default");
            String key = reference(String.valueOf(defaultValue));
            if (key != null) {
                handedOn.put(name, new String[] {key, source + ", parameter " + name});
            }
        });
        for (DocsTables.Setting setting : settings.values()) {
            if (setting.key().startsWith(DocsTables.COMPONENT_PREFIX) && reference(setting.defaultValue()) != null) {
                String option = camel(setting.key().substring(DocsTables.COMPONENT_PREFIX.length()));
                handedOn.put(option, new String[] {reference(setting.defaultValue()),
                        DocsTables.PROPERTIES + ", key " + setting.key()});
            }
        }
        List<String> problems = new ArrayList<>();
        handedOn.forEach((option, from) -> {
            String endpointDefault = endpointDefaults.get(option);
            DocsTables.Setting setting = settings.get(from[0]);
            if (endpointDefault == null || endpointDefault.isEmpty() || setting == null) {
                return;
            }
            if (!setting.defaultValue().equals(endpointDefault)) {
                problems.add(from[1] + ": " + setting.key() + " defaults to " + setting.defaultValue()
                        + " but the ddb-stream option " + option + " to " + endpointDefault);
            }
        });
        return String.join("\n", problems);
    }

    /**
     * Every ddb-stream option (but the table, which is the URI's path) is a parameter of the source Kamelet and is
     * handed to its {@code from: ddb-stream:} endpoint, so that each route can set it.
     */
    @SuppressWarnings("unchecked")
    static String optionsTheSourceKameletLacks() throws IOException, ReflectiveOperationException {
        Path source = DocsTables.kamelets().get("notifier-ddb-stream-source");
        Map<String, Object> parameters = (Map<String, Object>) DocsTables.definition(source).get("properties");
        Map<String, Object> yaml = (Map<String, Object>) new org.snakeyaml.engine.v2.api.Load(
                org.snakeyaml.engine.v2.api.LoadSettings.builder().build()).loadFromString(Files.readString(source));
        Map<String, Object> from = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) yaml.get("spec")).get("template")).get("route")).get("from");
        Map<String, Object> handed = (Map<String, Object>) from.getOrDefault("parameters", Map.of());
        List<String> problems = new ArrayList<>();
        for (DocsTables.EndpointOption option : DocsTables.endpointOptions()) {
            if (option.path()) {
                continue;
            }
            if (!parameters.containsKey(option.name())) {
                problems.add(source + ": no parameter " + option.name() + " (a ddb-stream option)");
            }
            if (!("{{" + option.name() + "}}").equals(String.valueOf(handed.get(option.name())))) {
                problems.add(source + ": the ddb-stream endpoint is not given " + option.name() + ": \"{{"
                        + option.name() + "}}\"");
            }
        }
        return String.join("\n", problems);
    }

    /** The key in a value that is one placeholder, {{key}}; otherwise null. */
    private static String reference(String value) {
        Matcher matcher = Pattern.compile("\\{\\{([a-z][\\w.-]*)}}").matcher(value == null ? "" : value);
        return matcher.matches() ? matcher.group(1) : null;
    }

    private static String camel(String kebab) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    private static String checkOrWrite(Path document, String text, String name, MarkdownTable expected,
                                       boolean update) throws IOException {
        section(document, text, "generated", name);
        if (update) {
            Files.writeString(document, MarkdownTable.replaceSection(text, name, expected.format()));
            return "";
        }
        return compare(document.toString(), name, text, expected);
    }

    private static String section(Path document, String text, String kind, String name) {
        String section = MarkdownTable.sections(text, kind).get(name);
        if (section == null) {
            throw new AssertionError(document + " has no table \"" + name + "\": add <!-- START " + kind + ": "
                    + name + " --> and <!-- END " + kind + ": " + name + " -->");
        }
        return section;
    }

    /** The rows of a document's generated table that differ from the expected ones, each named. */
    static String compare(String document, String name, String text, MarkdownTable expected) {
        MarkdownTable actual = MarkdownTable.parse(MarkdownTable.sections(text, "generated").getOrDefault(name, ""));
        String where = document + ", table \"" + name + "\"";
        List<String> problems = new ArrayList<>();
        if (!actual.header().equals(expected.header())) {
            problems.add(where + ": the header should be " + MarkdownTable.line(expected.header()).strip());
        }
        Map<String, List<String>> have = actual.byName();
        Map<String, List<String>> want = expected.byName();
        want.forEach((row, cells) -> {
            List<String> documented = have.get(row);
            if (documented == null) {
                problems.add(where + ", row " + row + " is missing: " + MarkdownTable.line(cells).strip());
            } else if (!documented.equals(cells)) {
                problems.add(where + ", row " + row + ": the document says " + MarkdownTable.line(documented).strip()
                        + ", the code says " + MarkdownTable.line(cells).strip());
            }
        });
        have.keySet().stream().filter(row -> !want.containsKey(row))
                .forEach(row -> problems.add(where + ", row " + row + " is not in the code"));
        if (problems.isEmpty() && !List.copyOf(have.keySet()).equals(List.copyOf(want.keySet()))) {
            problems.add(where + ": the rows are out of order, the code's order is " + want.keySet());
        }
        return join(problems);
    }

    private static String join(List<String> problems) {
        List<String> found = problems.stream().filter(p -> !p.isEmpty()).toList();
        return found.isEmpty() ? "" : String.join("\n", found) + "\n(to rewrite the generated tables: " + UPDATE_HINT
                + ")";
    }
}

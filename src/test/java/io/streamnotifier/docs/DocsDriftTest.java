package io.streamnotifier.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The reference tables in docs/ against the code they describe. Each table between {@code <!-- START generated: NAME
 * -->} and {@code <!-- END generated: NAME -->} is built from the code (the settings defined in
 * io.streamnotifier.config, the Kamelet files, the ddb-stream component's generated ddb-stream.json); this test fails
 * naming every row that disagrees, and when application.properties disagrees with the settings' definitions. Run it
 * with {@code -Ddocs.update=true} to rewrite the tables:
 *
 * <pre>mvn -B -o test -Dtest=DocsDriftTest -Ddocs.update=true</pre>
 */
class DocsDriftTest {

    private static final boolean UPDATE = Boolean.getBoolean("docs.update");

    @Test
    void application_properties_sets_every_defined_key_with_its_variable_and_default() throws IOException {
        assertEquals("", DocsCheck.propertiesAgainstDefinitions());
    }

    @Test
    void the_configuration_table_lists_every_defined_key_with_its_variable_default_and_description()
            throws IOException {
        assertEquals("", DocsCheck.configurationTable(Path.of("docs/configuration.md"), UPDATE));
    }

    @Test
    void every_defined_key_has_a_description() {
        assertEquals("", DocsCheck.undescribedSettings());
    }

    @Test
    void the_readme_names_settings_with_their_variable_and_default() throws IOException {
        assertEquals("", DocsCheck.checkedSettings(Path.of("README.md")));
    }

    @Test
    void each_kamelet_parameter_table_matches_its_kamelet_file() throws IOException {
        assertEquals("", DocsCheck.kameletTables(Path.of("docs/kamelets.md"), UPDATE));
    }

    @Test
    void the_ddb_stream_option_table_matches_the_endpoint() throws Exception {
        assertEquals("", DocsCheck.endpointTable(Path.of("docs/stream.md"), UPDATE));
    }

    @Test
    void kamelet_defaults_name_keys_of_application_properties() throws IOException {
        assertEquals("", DocsCheck.unknownKameletDefaults());
    }

    @Test
    void a_setting_handed_to_ddb_stream_has_the_endpoint_option_default() throws Exception {
        assertEquals("", DocsCheck.settingsAgainstEndpointDefaults());
    }

    @Test
    void the_source_kamelet_hands_every_ddb_stream_option_to_its_endpoint() throws Exception {
        assertEquals("", DocsCheck.optionsTheSourceKameletLacks());
    }

    @Test
    void a_drifted_row_is_named_in_the_message() {
        String document = """
                <!-- START generated: ddb-stream options -->
                | option | description |
                | --- | --- |
                | `batchSize` | old text |
                <!-- END generated: ddb-stream options -->
                """;
        String problems = DocsCheck.compare("stream.md", "ddb-stream options", document,
                DocsCheck.table("| option | description |\n| --- | --- |\n"
                        + "| `batchSize` | new text |\n| `parallelism` | most at once |\n"));
        assertTrue(problems.contains("row `batchSize`: the document says | `batchSize` | old text |"), problems);
        assertTrue(problems.contains("row `parallelism` is missing"), problems);
    }
}

package io.streamnotifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.spi.Resource;
import org.junit.jupiter.api.Test;

class RouteFilesTest {

    @Test
    void a_file_route_replaces_the_packaged_route_of_the_same_name_and_others_stay() {
        List<Resource> found = List.of(
                resource("file", "file:routes/order-confirmation.camel.yaml"),
                resource("file", "file:routes/new-orders-to-slack.camel.yaml"),
                resource("classpath", "classpath:routes/error-handling.camel.yaml"),
                resource("classpath", "classpath:routes/order-confirmation.camel.yaml"));

        List<String> kept = new RouteFiles().withoutReplaced(found).stream().map(Resource::getLocation).toList();

        assertEquals(List.of("file:routes/order-confirmation.camel.yaml", "file:routes/new-orders-to-slack.camel.yaml",
                "classpath:routes/error-handling.camel.yaml"), kept);
    }

    @Test
    void a_file_pattern_reads_the_directory_before_its_first_wildcard() {
        assertEquals(Path.of("routes/"), RouteFiles.directoryOf("file:routes/*.camel.yaml"));
        assertEquals(Path.of("/etc/notifier/routes/"), RouteFiles.directoryOf("file:/etc/notifier/routes/**/*.yaml"));
        assertEquals(Path.of("examples/routes"), RouteFiles.directoryOf("file:examples/routes/order-shipped.camel.yaml"));
        assertNull(RouteFiles.directoryOf("classpath:routes/*.camel.yaml"));
    }

    @Test
    void a_class_path_pattern_becomes_the_packaged_files_it_matches() {
        assertEquals(List.of("classpath:routes/error-handling.camel.yaml", "classpath:routes/order-confirmation.camel.yaml",
                "classpath:routes/ses-feedback.camel.yaml"), RouteFiles.packaged("classpath:routes/*.camel.yaml"));
        assertEquals(List.of("classpath:routes/order-confirmation.camel.yaml"),
                RouteFiles.packaged("classpath:routes/order-*.camel.yaml"));
        assertEquals(List.of("file:routes/*.camel.yaml"), RouteFiles.packaged("file:routes/*.camel.yaml"));
    }

    private static Resource resource(String scheme, String location) {
        return new Resource() {
            @Override
            public String getScheme() {
                return scheme;
            }

            @Override
            public String getLocation() {
                return location;
            }

            @Override
            public boolean exists() {
                return true;
            }

            @Override
            public InputStream getInputStream() {
                return InputStream.nullInputStream();
            }
        };
    }
}

package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged jar as the container image does (see {@link ServiceProcess}): proves the jar runs outside the
 * build with routes, templates and Kamelets mounted beside it and config/application.properties, takes SENDER from
 * the environment, and logs no unmasked address and no order data. {@link JarAloneIT} runs the jar with nothing
 * beside it.
 */
class PackagedJarIT {

    @Test
    void the_jar_runs_from_an_image_like_directory_with_file_system_routes_templates_and_config() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("PackagedJarIT");
        OrdersTable orders = fixture.orders();
        try (ServiceProcess service = fixture.service()) {
            Files.writeString(service.dir().resolve("config/application.properties"),
                    "notifier.subject = Packaged: Order Confirmation\n");
            int opsPort = freePort();
            service.env("SENDER", "shop@pinehead-records.example").env("NOTIFIER_OPS_PORT", Integer.toString(opsPort))
                    .start();

            String recipient = "packaged-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            orders.put(OrdersTable.order("ORD-JAR", recipient, "Harvest"));
            orders.put(OrdersTable.order("ORD-JAR-BAD", "bad-address", "Harvest"));

            await().atMost(Duration.ofSeconds(60)).until(() -> !ServiceITSupport.mailsTo(recipient).isEmpty());
            SesMail mail = ServiceITSupport.mailsTo(recipient).get(0);
            assertEquals("Packaged: Order Confirmation", mail.subject(), "config/application.properties overrides");
            assertEquals("shop@pinehead-records.example", mail.from(), "SENDER overrides");
            Path deadLetters = service.dir().resolve("data/dead-letters.jsonl");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(deadLetters)
                    && Files.readAllLines(deadLetters).size() == 1);

            // the Dockerfile's HEALTHCHECK command, run as Docker would, against the running jar
            List<String> healthCheck = dockerHealthCheck();
            await().atMost(Duration.ofSeconds(30)).until(() -> run(healthCheck, opsPort) == 0);

            String output = service.output();
            assertTrue(output.contains("sent route=order-confirmation"), output);
            assertTrue(output.contains("to=p***@example.com"), output);
            assertTrue(output.contains("dead-lettered route=order-confirmation"), output);
            assertFalse(output.contains(recipient), "the log must not contain the address");
            assertFalse(output.contains("Harvest"), "the log must not contain order data");
        }
    }

    @Test
    void the_image_build_makes_its_class_archive_with_no_aws_access() throws Exception {
        // as the Dockerfile's build: /app holds the jar and jvm.options only (routes, templates and Kamelets are
        // packaged in the jar), and bin/create-class-archive runs there with no credentials and no AWS endpoint
        Path app = Files.createTempDirectory(Path.of("target"), "image-app-");
        Files.copy(Path.of("target", "stream-notifier.jar"), app.resolve("stream-notifier.jar"));
        Files.copy(Path.of("jvm.options"), app.resolve("jvm.options"));
        ProcessBuilder builder = new ProcessBuilder("bin/create-class-archive", app.toString())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("NOTIFIER_"));
        builder.environment().put("HOME", app.toString()); // no ~/.aws profile either
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(Files.size(app.resolve("stream-notifier.jsa")) > 0, output);
    }

    /** The exec-form command of the Dockerfile's HEALTHCHECK. */
    static List<String> dockerHealthCheck() throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        int at = dockerfile.indexOf("CMD [", dockerfile.indexOf("HEALTHCHECK"));
        String json = dockerfile.substring(at + 4, dockerfile.indexOf('\n', at));
        List<String> command = new ArrayList<>();
        new ObjectMapper().readTree(json).forEach(part -> command.add(part.asText()));
        return command;
    }

    private static int run(List<String> command, int opsPort) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NOTIFIER_OPS_PORT", Integer.toString(opsPort));
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged jar as the container image does: {@code java -jar stream-notifier.jar} in a directory that
 * holds only the jar, lib/, routes/, templates/ and config/, with the configuration in environment variables and
 * an override file. Proves the jar runs outside the build, reads routes and templates from the file system and
 * logs no unmasked address.
 */
class PackagedJarIT {

    private Process service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.destroy();
            service.waitFor();
        }
    }

    @Test
    void the_jar_runs_from_an_image_like_directory_with_file_system_routes_templates_and_config() throws Exception {
        String table = "PackagedJarIT-" + UUID.randomUUID().toString().substring(0, 8);
        OrdersTable orders = OrdersTable.create(table);
        Path app = Files.createDirectories(Path.of("target", "it-data", table, "app"));
        Files.copy(Path.of("target", "stream-notifier.jar"), app.resolve("stream-notifier.jar"));
        copyTree(Path.of("target", "lib"), app.resolve("lib"));
        copyTree(Path.of("routes"), app.resolve("routes"));
        copyTree(Path.of("templates"), app.resolve("templates"));
        Files.createDirectories(app.resolve("config"));
        Files.writeString(app.resolve("config/application.properties"),
                "notifier.subject = Packaged: Order Confirmation\n");
        Path log = app.resolve("service.log");

        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-jar", "stream-notifier.jar")
                .directory(app.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().put("AWS_REGION", "us-east-1");
        builder.environment().put("NOTIFIER_TABLE", table);
        builder.environment().put("NOTIFIER_DYNAMODB_STREAMS_ENDPOINT", LocalServers.dynamoDbEndpoint().toString());
        builder.environment().put("NOTIFIER_SES_ENDPOINT", LocalServers.sesEndpoint().toString());
        builder.environment().put("NOTIFIER_STARTING_POSITION", "TRIM_HORIZON");
        builder.environment().put("SENDER", "shop@pinehead-records.example");
        service = builder.start();

        String recipient = "packaged-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        orders.put(OrdersTable.order("ORD-JAR", recipient, "Harvest"));
        orders.put(OrdersTable.order("ORD-JAR-BAD", "bad-address", "Harvest"));

        await().atMost(Duration.ofSeconds(60)).until(() -> !ServiceITSupport.mailsTo(recipient).isEmpty());
        SesMail mail = ServiceITSupport.mailsTo(recipient).get(0);
        assertEquals("Packaged: Order Confirmation", mail.subject(), "config/application.properties overrides");
        assertEquals("shop@pinehead-records.example", mail.from(), "SENDER overrides");
        Path deadLetters = app.resolve("data/dead-letters.jsonl");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(deadLetters)
                && Files.readAllLines(deadLetters).size() == 1);

        String output = Files.readString(log);
        assertTrue(output.contains("sent route=order-confirmation"), output);
        assertTrue(output.contains("to=p***@example.com"), output);
        assertTrue(output.contains("dead-lettered route=order-confirmation"), output);
        assertFalse(output.contains(recipient), "the log must not contain the address");
        assertFalse(output.contains("Harvest"), "the log must not contain order data");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packaged jar copied alone into an empty directory and started there with the environment variables the README
 * names, against the local servers: the default routes, Kamelets and templates come from the jar; a file in
 * {@code routes/}, {@code kamelets/} or {@code templates/} beside it replaces the packaged one of the same name.
 * <p>
 * Started as the README tells a user: nothing prepared, the default starting position (LATEST); the orders are
 * written after the start.
 */
class JarAloneIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void the_jar_alone_in_an_empty_directory_sends_the_order_confirmation() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("JarAloneIT");
        OrdersTable orders = fixture.orders();
        Path dir = Files.createTempDirectory("stream-notifier-alone-");
        try (ServiceProcess service = fixture.jarAlone(dir).unset("NOTIFIER_STARTING_POSITION")) {
            assertEquals(List.of("stream-notifier.jar"), files(dir), "nothing but the jar");
            service.start();

            String recipient = "alone-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            orders.put(OrdersTable.order("ORD-ALONE", recipient, "Harvest"));

            await().atMost(WAIT).until(() -> !ServiceITSupport.mailsTo(recipient).isEmpty());
            SesMail mail = ServiceITSupport.mailsTo(recipient).get(0);
            assertEquals("Pinehead Records: Order Confirmation", mail.subject(), "the packaged route's subject");
            assertTrue(mail.text().contains("Order ID:   ORD-ALONE"), "the packaged text template: " + mail.text());
            assertTrue(mail.html().contains("ORD-ALONE"), "the packaged HTML template");
            // the log line follows SES's answer
            await().atMost(WAIT).until(() -> service.output().contains("sent route=order-confirmation"));
            String output = service.output();
            assertTrue(output.contains("no route directory"), "routes/ is missing, and said so: " + output);
            assertEquals(1, ServiceITSupport.mailsTo(recipient).size(), "one e-mail");
        }
    }

    @Test
    void a_route_a_kamelet_and_a_template_beside_the_jar_replace_the_packaged_ones_of_the_same_name() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("JarAloneIT");
        OrdersTable orders = fixture.orders();
        Path dir = Files.createTempDirectory("stream-notifier-alone-");
        try (ServiceProcess service = fixture.jarAlone(dir).unset("NOTIFIER_STARTING_POSITION")) {
            // the shipped route with another subject, under the packaged route's file name (same route id)
            String route = Files.readString(Path.of("routes", "order-confirmation.camel.yaml"))
                    .replace("subject: \"{{notifier.subject}}\"", "subject: \"Replaced: your order\"");
            assertTrue(route.contains("Replaced: your order"), "the route file changed");
            Files.createDirectories(dir.resolve("routes"));
            Files.writeString(dir.resolve("routes/order-confirmation.camel.yaml"), route);
            // one template replaced; the HTML one still comes from the jar
            Files.createDirectories(dir.resolve("templates"));
            Files.writeString(dir.resolve("templates/order-confirmation.txt.ftl"),
                    "Replaced text for ${body.order.id}\n");
            // a Kamelet of the same name as a packaged one, which prefixes the subject
            String kamelet = Files.readString(Path.of("kamelets", "notifier-email-render-action.kamelet.yaml"))
                    .replace("constant: \"{{subject}}\"", "constant: \"Kamelet file: {{subject}}\"");
            assertTrue(kamelet.contains("Kamelet file: "), "the Kamelet changed");
            Files.createDirectories(dir.resolve("kamelets"));
            Files.writeString(dir.resolve("kamelets/notifier-email-render-action.kamelet.yaml"), kamelet);
            service.start();

            String recipient = "replaced-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            orders.put(OrdersTable.order("ORD-REPLACED", recipient, "Harvest"));

            await().atMost(WAIT).until(() -> !ServiceITSupport.mailsTo(recipient).isEmpty());
            SesMail mail = ServiceITSupport.mailsTo(recipient).get(0);
            assertEquals("Kamelet file: Replaced: your order", mail.subject(),
                    "the route file of routes/, through the Kamelet of kamelets/");
            assertEquals("Replaced text for ORD-REPLACED", mail.text().trim(), "the template of templates/");
            assertTrue(mail.html().contains("ORD-REPLACED"), "the packaged HTML template");
            String output = service.output();
            assertTrue(output.contains("route file order-confirmation.camel.yaml replaces the packaged one"), output);
            assertTrue(output.contains("Routes startup (total:1 started:1"), "the route once: " + output);
            assertEquals(1, ServiceITSupport.mailsTo(recipient).size(), "one e-mail");
        }
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

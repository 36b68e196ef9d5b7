package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamnotifier.Json;
import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.it.ServiceProcess.Finished;
import org.junit.jupiter.api.Test;

/**
 * The {@code render} command as a designer runs it, {@code java -jar stream-notifier.jar render ...} as a process in
 * the packaged layout, on each input form: a stream record file, a DynamoDB item (AWS CLI JSON), and a dead letter's
 * eventID; and the start of the service stopped by a broken template, with its file and line.
 */
class RenderCommandIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private static String sample(String name) {
        return Path.of("examples", "records", name).toAbsolutePath().toString();
    }

    private static ServiceProcess app(String name) throws Exception {
        String table = "RenderCommandIT-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new ServiceProcess(Path.of("target", "it-data", table, "app"), table);
    }

    @Test
    void a_stream_record_is_rendered_in_the_customers_language_and_its_text_printed() throws Exception {
        try (ServiceProcess app = app("record")) {
            Finished render = app.run(COMMAND_TIMEOUT, "render", sample("order-confirmation-de.json"));
            assertEquals(0, render.exitCode(), render.output());
            String out = render.output();
            assertTrue(out.contains("locale: de-DE\n"), out);
            assertTrue(out.matches("(?s).*template: order-confirmation_de\\.ftlh \\(modified \\S+Z, sha256 "
                    + "[0-9a-f]{12}\\)\n.*"), out);
            assertTrue(out.contains("template: order-confirmation_de.subject.ftl (modified "), out);
            assertTrue(out.contains("Subject: Pinehead Records: Ihre Bestellung ORD-1002 ist bestätigt\n"), out);
            assertTrue(out.contains("To: max.mustermann@example.com\n"), out);
            assertTrue(out.contains("\nBetrag:        1.999,00\u00a0€\n"), out);
            assertTrue(out.contains("\nBestelldatum:  25. November 2026\n"), out);
            assertFalse(out.contains("<html"), "the text part only: " + out);
        }
    }

    @Test
    void a_dynamodb_item_is_rendered_to_a_directory_and_a_preview_page() throws Exception {
        try (ServiceProcess app = app("item")) {
            Path out = app.dir().resolve("preview");
            Finished render = app.run(COMMAND_TIMEOUT, "render", "--route", "order-confirmation", "--out",
                    out.toString(), "--open", sample("order-item-de.json"));
            assertEquals(0, render.exitCode(), render.output());
            String html = Files.readString(out.resolve("email.html"));
            assertTrue(html.contains("<b>1.999,00\u00a0€</b>"), html);
            assertTrue(html.contains("<html lang=\"de\">"), html);
            assertTrue(Files.readString(out.resolve("email.txt")).contains("Bestellnummer: ORD-1002\n"));
            String headers = Files.readString(out.resolve("headers.txt"));
            assertTrue(headers.contains("Subject: Pinehead Records: Ihre Bestellung ORD-1002 ist bestätigt\n"),
                    headers);
            assertTrue(headers.contains("From: Pinehead Records <orders@pinehead-records.example>\n"), headers);
            assertTrue(Files.readString(out.resolve("email.eml")).contains("Content-Type: multipart/alternative"));
            String preview = Files.readString(out.resolve("preview.html"));
            assertTrue(preview.contains("<iframe sandbox=\"\""), preview);
            assertTrue(preview.contains("srcdoc=\"&lt;!DOCTYPE html&gt;"), "the HTML part, escaped: " + preview);
            assertTrue(render.output().contains("preview: file:"), render.output());
        }
    }

    @Test
    void a_dead_letter_is_rendered_by_its_event_id_and_a_broken_one_names_the_template_line() throws Exception {
        try (ServiceProcess app = app("dead-letter")) {
            JsonNode good = Json.MAPPER.readTree(Path.of(sample("order-confirmation-fr.json")).toFile());
            ObjectNode broken = ((ObjectNode) Json.MAPPER.readTree(Path.of(sample("order-confirmation.json"))
                    .toFile())).put("eventID", "dl-broken");
            ((ObjectNode) broken.at("/dynamodb/NewImage")).remove("album");
            Path store = Files.createDirectories(app.dir().resolve("data")).resolve("dead-letters.jsonl");
            Files.write(store, List.of(
                    deadLetter("dl-good", good).toJson().toString(),
                    "not a dead letter",
                    deadLetter("dl-broken", broken).toJson().toString()));
            List<String> before = Files.readAllLines(store);

            Finished french = app.run(COMMAND_TIMEOUT, "render", "dl-good");
            assertEquals(0, french.exitCode(), french.output());
            assertTrue(french.output().contains("dead letter dl-good of route order-confirmation"), french.output());
            assertTrue(french.output().contains("Subject: Pinehead Records : votre commande ORD-1003 est confirmée\n"),
                    french.output());
            assertTrue(french.output().contains("\nMontant :          1\u202f999,00\u00a0€\n"), french.output());

            Finished failing = app.run(COMMAND_TIMEOUT, "render", "dl-broken");
            assertEquals(3, failing.exitCode(), failing.output());
            int line = Files.readAllLines(Path.of("templates", "order-confirmation.ftlh"))
                    .indexOf("                  <td>${order.album.title} (${order.album.year?c})</td>") + 1;
            assertTrue(failing.output().contains("not rendered: order-confirmation.ftlh line " + line
                    + " (route order-confirmation): The following has evaluated to null or missing:"),
                    failing.output());
            assertEquals(before, Files.readAllLines(store), "render stores nothing");

            Finished unknown = app.run(COMMAND_TIMEOUT, "render", "no-such-event");
            assertEquals(2, unknown.exitCode(), unknown.output());
            assertTrue(unknown.output().contains("no-such-event is neither a file nor the eventID of a dead letter"),
                    unknown.output());
        }
    }

    @Test
    void a_route_that_skips_the_record_or_does_not_exist_is_said() throws Exception {
        try (ServiceProcess app = app("routes")) {
            app.env("NOTIFIER_ROUTES", "file:routes/*.camel.yaml,file:"
                    + Path.of("examples", "routes", "order-shipped.camel.yaml").toAbsolutePath());
            Finished skipped = app.run(COMMAND_TIMEOUT, "render", "--route", "order-shipped",
                    sample("order-confirmation.json"));
            assertEquals(3, skipped.exitCode(), skipped.output());
            assertTrue(skipped.output().contains("route order-shipped sends no e-mail for this INSERT record"),
                    skipped.output());
            Finished shipped = app.run(COMMAND_TIMEOUT, "render", "--route", "order-shipped",
                    sample("order-shipped.json"));
            assertEquals(0, shipped.exitCode(), shipped.output());
            assertTrue(shipped.output().contains("Tracking:   DHL JD014600\n"), shipped.output());
            Finished missing = app.run(COMMAND_TIMEOUT, "render", "--route", "order-returned",
                    sample("order-confirmation.json"));
            assertEquals(2, missing.exitCode(), missing.output());
            assertTrue(missing.output().contains("no e-mail route order-returned among the routes loaded"),
                    missing.output());
        }
    }

    @Test
    void a_broken_template_stops_the_start_with_its_file_line_and_message() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("RenderCommandIT-start");
        try (ServiceProcess service = fixture.service()) {
            Path records = Files.createDirectories(service.dir().resolve("examples").resolve("records"));
            Files.copy(Path.of(sample("order-confirmation.json")), records.resolve("order-confirmation.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            Path german = service.dir().resolve("templates").resolve("order-confirmation_de.txt.ftl");
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(german));
            int line = lines.indexOf("Format:        ${order.album.format}") + 1;
            assertTrue(line > 0);
            lines.set(line - 1, "Format:        ${order.album.formt}");
            Files.write(german, lines);

            service.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> !service.running());
            String output = service.output();
            assertTrue(output.contains("template check failed: order-confirmation_de.txt.ftl line " + line
                    + " (route order-confirmation): The following has evaluated to null or missing:"), output);
            assertTrue(output.contains("order.album.formt"), output);
            assertFalse(output.contains("Started order-confirmation"), output);
        }
    }

    private static DeadLetter deadLetter(String eventId, JsonNode record) {
        return new DeadLetter("order-confirmation", "Orders", eventId, "1",
                "freemarker.core.InvalidReferenceException", "an earlier failure", 1, Instant.now(), record);
    }
}

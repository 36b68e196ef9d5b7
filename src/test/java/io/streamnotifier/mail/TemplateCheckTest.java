package io.streamnotifier.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import freemarker.template.Configuration;
import io.streamnotifier.config.TemplateConfiguration;
import io.streamnotifier.mail.TemplateCheck.Problem;
import io.streamnotifier.mail.TemplateCheck.Result;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The templates a route names, found in the route model and checked against its sample record. */
class TemplateCheckTest {

    private final CamelContext context = new DefaultCamelContext();

    @TempDir
    Path dir;

    TemplateCheckTest() {
        context.getPropertiesComponent().setLocation("classpath:application.properties");
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    private List<EmailStep> load(String... files) throws Exception {
        for (String file : files) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context,
                    "file:" + file));
        }
        return EmailStep.of(context);
    }

    private Result check(Path templates, List<EmailStep> steps) throws Exception {
        Configuration config = TemplateConfiguration.freemarker(templates, "en-US", 0);
        return TemplateCheck.check(context, config, templates, Path.of("examples", "records"), steps);
    }

    private Path copyOfTemplates() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("templates"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void finds_the_e_mail_steps_of_routes_with_their_parameters_also_inside_a_choice() throws Exception {
        List<EmailStep> steps = load("routes/order-confirmation.camel.yaml", "examples/routes/order-lifecycle.camel.yaml",
                "examples/routes/new-orders-to-slack.camel.yaml");
        assertEquals(List.of("order-confirmation", "order-lifecycle", "order-lifecycle", "order-lifecycle"),
                steps.stream().map(EmailStep::routeId).toList(), "the Slack route sends no e-mail");
        EmailRender.Spec confirmation = steps.get(0).spec();
        assertEquals("order-confirmation.ftlh", confirmation.htmlTemplate());
        assertEquals("order-confirmation.subject.ftl", confirmation.subjectTemplate());
        assertEquals("locale", confirmation.localeAttribute());
        assertEquals("Pinehead Records: Order Confirmation", confirmation.subject(), "placeholders resolved");
        assertEquals(List.of("order-confirmation.ftlh", "order-shipped.ftlh", "order-cancelled.ftlh"),
                steps.subList(1, 4).stream().map(s -> s.spec().htmlTemplate()).toList());
    }

    @Test
    void the_shipped_templates_and_their_translations_render_against_the_sample_records() throws Exception {
        List<EmailStep> steps = load("routes/order-confirmation.camel.yaml", "examples/routes/order-shipped.camel.yaml",
                "examples/routes/order-cancelled.camel.yaml", "examples/routes/order-lifecycle.camel.yaml");
        Result result = check(Path.of("templates"), steps);
        assertEquals(List.of(), result.problems());
        assertEquals(List.of(), result.warnings());
        assertTrue(result.checked().stream().anyMatch(c -> c.startsWith("order-confirmation de: "
                + "order-confirmation_de.ftlh (modified ")), result.checked().toString());
        assertTrue(result.checked().stream().anyMatch(c -> c.startsWith("order-confirmation fr: ")));
        assertEquals(Set.of(Locale.GERMAN, Locale.FRENCH),
                TemplateCheck.translations(Path.of("templates"), "order-confirmation.txt.ftl"));
    }

    @Test
    void a_broken_translation_is_reported_with_its_file_line_and_freemarker_message() throws Exception {
        Path templates = copyOfTemplates();
        List<String> lines = Files.readAllLines(templates.resolve("order-confirmation_de.txt.ftl"));
        int line = lines.indexOf("Album:         ${order.album.title} (${order.album.year?c})") + 1;
        assertTrue(line > 0);
        lines.set(line - 1, "Album:         ${order.albm.title}");
        Files.write(templates.resolve("order-confirmation_de.txt.ftl"), lines);
        Files.writeString(templates.resolve("order-confirmation_fr.ftlh"), "<p>\n<#if body.order.id?? && >x</#if>\n</p>\n");

        Result result = check(templates, load("routes/order-confirmation.camel.yaml"));
        assertEquals(2, result.problems().size(), result.problems().toString());
        Problem missing = result.problems().get(0);
        assertEquals("order-confirmation_de.txt.ftl", missing.file());
        assertEquals(line, missing.line());
        assertTrue(missing.message().contains("order.albm"), missing.message());
        assertEquals("order-confirmation", missing.routeId());
        Problem parse = result.problems().get(1);
        assertEquals("order-confirmation_fr.ftlh", parse.file());
        assertEquals(2, parse.line());
        assertTrue(parse.message().startsWith("Encountered \">\""), parse.message());
        assertTrue(parse.toString().startsWith("order-confirmation_fr.ftlh line 2 (route order-confirmation): "),
                parse.toString());
    }

    @Test
    void a_translation_that_misses_one_part_is_warned_about() throws Exception {
        // a Spanish HTML part and subject, no Spanish text part (in the directory nor among the packaged ones)
        Path templates = copyOfTemplates();
        Files.copy(templates.resolve("order-confirmation_fr.ftlh"), templates.resolve("order-confirmation_es.ftlh"));
        Files.copy(templates.resolve("order-confirmation_fr.subject.ftl"),
                templates.resolve("order-confirmation_es.subject.ftl"));
        Result result = check(templates, load("routes/order-confirmation.camel.yaml"));
        assertEquals(List.of(), result.problems());
        assertEquals(List.of("route order-confirmation: order-confirmation.txt.ftl has no es translation; those "
                + "e-mails mix languages"), result.warnings());
    }

    @Test
    void without_a_sample_record_the_templates_are_parsed_and_that_is_said() throws Exception {
        Path templates = copyOfTemplates();
        Files.writeString(templates.resolve("order-confirmation_de.subject.ftl"), "Bestellung ${body.order.id\n");
        List<EmailStep> steps = load("routes/order-confirmation.camel.yaml").stream()
                .map(s -> new EmailStep("my-route", s.modelName(), s.spec())).toList();
        Result result = check(templates, steps);
        assertEquals(List.of("no sample record for route my-route (examples/records/my-route.json): its templates are "
                + "parsed, not rendered"), result.warnings());
        assertEquals(1, result.problems().size(), result.problems().toString());
        assertEquals("order-confirmation_de.subject.ftl", result.problems().get(0).file());
    }
}

package io.streamnotifier.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import freemarker.template.Configuration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamnotifier.InvalidRecordException;
import io.streamnotifier.config.TemplateConfiguration;
import io.streamnotifier.mail.EmailRender.Rendered;
import io.streamnotifier.mail.EmailRender.Spec;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates in the customer's language: the look-up, the formats, the subject and its guard, the versions. */
class EmailRenderTest {

    private static final Spec CONFIRMATION = new Spec("order-confirmation.ftlh", "order-confirmation.txt.ftl",
            "order-confirmation.subject.ftl", "Pinehead Records: Order Confirmation", "locale", "currency");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path dir;

    private EmailRender shipped() throws Exception {
        return new EmailRender(TemplateConfiguration.freemarker(Path.of("templates"), "en-US", 0), meters);
    }

    private EmailRender in(Path templates) throws Exception {
        return new EmailRender(TemplateConfiguration.freemarker(templates, "en-US", 0), meters);
    }

    private static Map<String, Object> model(String locale, String currency, String amount) {
        Map<String, Object> album = new LinkedHashMap<>();
        album.put("title", "Harvest");
        album.put("year", new BigDecimal("1972"));
        album.put("format", "LP");
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", "ORD-1");
        order.put("timestamp", "2026-11-25T10:15:00Z");
        order.put("email", "jane@example.com");
        order.put("amount", new BigDecimal(amount));
        order.put("album", album);
        if (locale != null) {
            order.put("locale", locale);
        }
        if (currency != null) {
            order.put("currency", currency);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order", order);
        body.put("event", Map.of("id", "e-1", "name", "INSERT"));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("body", body);
        return model;
    }

    private Rendered render(EmailRender render, Spec spec, Map<String, Object> model) throws Exception {
        return render.render(spec, model, "order", null, "order-confirmation");
    }

    private double fallbacks(String reason) {
        var counter = meters.find("notifier.templates.locale.fallback").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content);
    }

    private Spec chain() throws Exception {
        write("x.ftlh", "default ${body.order.id}");
        write("x_de.ftlh", "de ${body.order.id}");
        write("x_de_DE.ftlh", "de_DE ${body.order.id}");
        write("x.txt.ftl", "text default");
        write("x_de.txt.ftl", "text de");
        return new Spec("x.ftlh", "x.txt.ftl", null, "Subject", "locale", "currency");
    }

    @Test
    void the_locale_chooses_the_template_de_DE_then_de_then_the_default() throws Exception {
        Spec spec = chain();
        EmailRender render = in(dir);

        Rendered deDe = render(render, spec, model("de-DE", null, "1"));
        assertEquals("de_DE ORD-1", deDe.html());
        assertEquals("text de", deDe.text(), "the text part has no de_DE file: _de");
        assertEquals(Locale.GERMANY, deDe.locale());
        assertEquals("x_de_DE.ftlh", deDe.templates().get(0).file());
        assertEquals("x_de.txt.ftl", deDe.templates().get(1).file());

        Rendered deAt = render(render, spec, model("de_AT", null, "1"));
        assertEquals("de ORD-1", deAt.html());
        assertEquals(new Locale("de", "AT"), deAt.locale(), "formats stay Austrian with the German template");

        Rendered enGb = render(render, spec, model("en-GB", null, "1"));
        assertEquals("default ORD-1", enGb.html());
        assertEquals(Locale.UK, enGb.locale(), "the default template is English: not a fallback");
        assertNull(enGb.fallback());

        Rendered none = render(render, spec, model(null, null, "1"));
        assertEquals("default ORD-1", none.html());
        assertEquals(Locale.US, none.locale());
        assertEquals(0, fallbacks("no-template") + fallbacks("invalid"), "no locale or en-GB: nothing counted");
    }

    @Test
    void an_unknown_or_invalid_locale_falls_back_to_the_default_and_is_counted() throws Exception {
        Spec spec = chain();
        EmailRender render = in(dir);

        Rendered french = render(render, spec, model("fr-FR", null, "1"));
        assertEquals("default ORD-1", french.html());
        assertEquals(Locale.US, french.locale(), "the English template in the default locale's formats");
        assertEquals("no-template", french.fallback());
        assertEquals(1, fallbacks("no-template"));

        Rendered garbage = render(render, spec, model("<script>", null, "1"));
        assertEquals("default ORD-1", garbage.html());
        assertEquals("invalid", garbage.fallback());
        assertEquals(1, fallbacks("invalid"));
        assertEquals(1, fallbacks("no-template"));
    }

    @Test
    void a_german_order_shows_german_money_dates_and_subject() throws Exception {
        Rendered german = render(shipped(), CONFIRMATION, model("de-DE", "EUR", "1999"));
        assertTrue(german.html().contains("<b>1.999,00\u00a0€</b>"), german.html());
        assertTrue(german.html().contains("<td>25. November 2026</td>"), german.html());
        assertTrue(german.html().contains("<html lang=\"de\">"), german.html());
        assertTrue(german.text().contains("\nBetrag:        1.999,00\u00a0€\n"), german.text());
        assertTrue(german.text().contains("\nBestellnummer: ORD-1\n"), german.text());
        assertEquals("Pinehead Records: Ihre Bestellung ORD-1 ist bestätigt", german.subject());
        assertEquals("order-confirmation_de.ftlh", german.templates().get(0).file());
        assertEquals("order-confirmation_de.subject.ftl", german.templates().get(2).file());
    }

    @Test
    void a_french_order_shows_french_money_and_an_english_one_the_order_currency() throws Exception {
        Rendered french = render(shipped(), CONFIRMATION, model("fr-FR", "EUR", "1999"));
        assertTrue(french.html().contains("<b>1\u202f999,00\u00a0€</b>"), french.html());
        assertTrue(french.html().contains("<td>25 novembre 2026</td>"), french.html());
        assertEquals("Pinehead Records : votre commande ORD-1 est confirmée", french.subject());

        Rendered english = render(shipped(), CONFIRMATION, model("en-US", "EUR", "1999"));
        assertTrue(english.html().contains("<b>€1,999.00</b>"), english.html());
        assertTrue(english.html().contains("<td>November 25, 2026</td>"), english.html());
        assertEquals("Pinehead Records: Order Confirmation", english.subject(), "English: the route's subject");

        Rendered yen = render(shipped(), CONFIRMATION, model(null, "JPY", "1999"));
        assertTrue(yen.text().contains("Amount:     ¥1,999\n"), yen.text());
        Rendered dollars = render(shipped(), CONFIRMATION, model(null, null, "24.99"));
        assertTrue(dollars.text().contains("Amount:     $24.99\n"), "no currency attribute: the locale's");
    }

    @Test
    void a_currency_that_is_not_iso_4217_is_an_invalid_record() {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> render(shipped(), CONFIRMATION, model("de-DE", "EURO", "1")));
        assertEquals("attribute 'currency' is not an ISO 4217 currency code", e.getMessage());
    }

    @Test
    void the_subject_escapes_line_breaks_in_values_so_no_header_can_be_injected() throws Exception {
        Map<String, Object> model = model("de-DE", "EUR", "1");
        @SuppressWarnings("unchecked")
        Map<String, Object> order = (Map<String, Object>) ((Map<String, Object>) model.get("body")).get("order");
        order.put("id", "ORD-1\r\nBcc: everyone@example.org\u2028X");
        Rendered german = render(shipped(), CONFIRMATION, model);
        assertEquals("Pinehead Records: Ihre Bestellung ORD-1  Bcc: everyone@example.org X ist bestätigt",
                german.subject());

        MimeMessage message = MimeComposer.compose("orders@pinehead-records.example", "jane@example.com",
                german.subject(), german.text(), german.html());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        String headers = raw.toString(StandardCharsets.US_ASCII).split("\r\n\r\n", 2)[0];
        assertFalse(headers.contains("\r\nBcc:"), headers);
        assertTrue(headers.contains("Subject: =?UTF-8?"), "the non-ASCII subject is MIME-encoded: " + headers);
        assertEquals(german.subject(), message.getSubject());
    }

    @Test
    void a_subject_template_or_fixed_subject_of_more_than_one_line_is_refused() throws Exception {
        write("x.ftlh", "html");
        write("x.txt.ftl", "text");
        write("two-lines.subject.ftl", "Order ${body.order.id}\nBcc: everyone@example.org\n");
        EmailRender render = in(dir);
        InvalidRecordException template = assertThrows(InvalidRecordException.class, () -> render(render,
                new Spec("x.ftlh", "x.txt.ftl", "two-lines.subject.ftl", null, null, null), model(null, null, "1")));
        assertEquals("the e-mail's subject contains CR or LF (header injection)", template.getMessage());
        InvalidRecordException fixed = assertThrows(InvalidRecordException.class, () -> render(render,
                new Spec("x.ftlh", "x.txt.ftl", null, "Hello\r\nBcc: x@example.org", null, null),
                model(null, null, "1")));
        assertEquals("the e-mail's subject contains CR or LF (header injection)", fixed.getMessage());
        assertThrows(InvalidRecordException.class, () -> MailHeader.check("a\u0007b"));
        assertThrows(InvalidRecordException.class, () -> MailHeader.check("x".repeat(MailHeader.MAX_LENGTH + 1)));
        assertEquals("One line", MailHeader.check("  One line\n"));
    }

    @Test
    void an_edited_template_is_picked_up_with_its_new_version() throws Exception {
        Spec spec = chain();
        EmailRender render = in(dir);
        Rendered first = render(render, spec, model("de", null, "1"));
        write("x_de.ftlh", "de edited ${body.order.id}");
        Files.setLastModifiedTime(dir.resolve("x_de.ftlh"), FileTime.from(Instant.now().plusSeconds(5)));
        Rendered second = render(render, spec, model("de", null, "1"));
        assertEquals("de edited ORD-1", second.html());
        assertEquals("x_de.ftlh", second.templates().get(0).file());
        assertTrue(second.templates().get(0).version().matches("modified \\S+Z, sha256 [0-9a-f]{12}"),
                second.templates().get(0).version());
        assertNotEquals(first.templates().get(0).version(), second.templates().get(0).version());
    }

    @Test
    void configuration_keeps_a_single_lookup_and_the_money_format() throws Exception {
        Configuration config = TemplateConfiguration.freemarker(Path.of("templates"), "en-US", 0);
        assertTrue(config.getCustomNumberFormats().containsKey("money"));
        assertEquals("order-confirmation_de_DE.txt.ftl",
                LocalizedTemplates.localizedName("order-confirmation.txt.ftl", "de_DE"));
        assertEquals("mails/x_fr.ftlh", LocalizedTemplates.localizedName("mails/x.ftlh", "fr"));
        assertNull(LocalizedTemplates.parse("de DE"));
        assertNull(LocalizedTemplates.parse(42));
        assertEquals(Locale.GERMANY, LocalizedTemplates.parse(" de_DE "));
    }
}

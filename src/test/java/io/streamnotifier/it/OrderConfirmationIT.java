package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.streamnotifier.InvalidRecordException;
import io.streamnotifier.deadletter.DeadLetter;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class OrderConfirmationIT extends ServiceITSupport {

    @Test
    void insert_sends_one_confirmation_with_text_and_html_parts() throws Exception {
        String recipient = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-1", recipient, "Harvest"));

        SesMail mail = awaitOneMailTo(recipient);
        // the emulator shows the From header as its parser prints it
        assertEquals("\"Pinehead Records\" <orders@pinehead-records.example>", mail.from());
        assertEquals(List.of(recipient), mail.to());
        assertEquals("Pinehead Records: Order Confirmation", mail.subject());
        assertTrue(mail.text().contains("Order ID:   ORD-1\n"), mail.text());
        assertTrue(mail.text().contains("Album:      Harvest (1972)\n"), mail.text());
        assertTrue(mail.text().contains("Format:     LP\n"), mail.text());
        assertTrue(mail.text().contains("Amount:     $24.99\n"), mail.text());
        assertTrue(mail.html().contains("<td>ORD-1</td>"), mail.html());
        assertTrue(mail.html().contains("<td>Harvest (1972)</td>"), mail.html());
        assertTrue(mail.html().contains("<b>$24.99</b>"), mail.html());
        awaitCount("sent", 1);
        assertEquals(List.of(), deadLetters());
    }

    @Test
    void hostile_html_in_the_album_title_arrives_escaped_in_html_and_intact_in_text() throws Exception {
        String recipient = uniqueRecipient();
        String hostile = "<script>alert(1)</script> & \"quotes\"";
        orders().put(OrdersTable.order("ORD-2", recipient, hostile));

        SesMail mail = awaitOneMailTo(recipient);
        assertFalse(mail.html().contains("<script>"), mail.html());
        assertTrue(mail.html().contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; (1972)"),
                mail.html());
        assertTrue(mail.text().contains("Album:      " + hostile + " (1972)\n"), mail.text());
    }

    @Test
    void missing_invalid_and_injected_emails_are_dead_lettered_at_once_and_later_records_still_flow()
            throws Exception {
        String invalid = "not-an-address@";
        String injected = "jane@example.com\r\nBcc: everyone@example.org";
        orders().put(OrdersTable.order("ORD-MISSING", null, "Harvest"));
        orders().put(OrdersTable.order("ORD-INVALID", invalid, "Harvest"));
        orders().put(OrdersTable.order("ORD-INJECTED", injected, "Harvest"));
        String good = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-GOOD", good, "Harvest"));

        awaitOneMailTo(good);
        List<DeadLetter> deadLetters = deadLetters();
        assertEquals(3, deadLetters.size(), deadLetters.toString());
        assertDeadLetter(deadLetters.get(0), "ORD-MISSING", "no e-mail address: attribute 'email' is missing");
        assertDeadLetter(deadLetters.get(1), "ORD-INVALID", "not a syntactically valid address");
        assertDeadLetter(deadLetters.get(2), "ORD-INJECTED", "contains CR or LF (header injection)");
        assertTrue(mailsTo("everyone@example.org").isEmpty());
        assertTrue(mailsTo("jane@example.com").isEmpty());
        awaitCount("dead-lettered", 3);
        awaitCount("sent", 1);
    }

    @Test
    void german_and_french_orders_get_their_language_money_and_subject_and_an_unknown_one_english()
            throws Exception {
        String german = uniqueRecipient();
        String french = uniqueRecipient();
        String spanish = uniqueRecipient();
        orders().put(localized(OrdersTable.order("ORD-DE", german, "Harvest"), "de-DE", "EUR", "1999"));
        orders().put(localized(OrdersTable.order("ORD-FR", french, "Blue"), "fr-FR", "EUR", "1999"));
        orders().put(localized(OrdersTable.order("ORD-ES", spanish, "Hejira"), "es-ES", "EUR", "1999"));

        SesMail de = awaitOneMailTo(german);
        assertEquals("Pinehead Records: Ihre Bestellung ORD-DE ist bestätigt", de.subject());
        assertTrue(de.text().contains("\nBetrag:        1.999,00\u00a0€\n"), de.text());
        assertTrue(de.text().contains("\nBestelldatum:  25. November 2026\n"), de.text());
        assertTrue(de.html().contains("<b>1.999,00\u00a0€</b>"), de.html());
        SesMail fr = awaitOneMailTo(french);
        assertEquals("Pinehead Records : votre commande ORD-FR est confirmée", fr.subject());
        assertTrue(fr.text().contains("\nMontant :          1\u202f999,00\u00a0€\n"), fr.text());
        assertTrue(fr.html().contains("<td>25 novembre 2026</td>"), fr.html());
        // no Spanish templates: the English e-mail in the default locale's formats, the euro amount as euros
        SesMail es = awaitOneMailTo(spanish);
        assertEquals("Pinehead Records: Order Confirmation", es.subject());
        assertTrue(es.text().contains("\nAmount:     €1,999.00\n"), es.text());
        var fallbacks = context.getRegistry().lookupByNameAndType("meterRegistry",
                io.micrometer.core.instrument.MeterRegistry.class).find("notifier.templates.locale.fallback")
                .tags("route", ROUTE, "reason", "no-template").counter();
        assertEquals(1.0, fallbacks == null ? 0 : fallbacks.count(), "the unknown locale is counted");
        awaitCount("sent", 3);
        assertEquals(List.of(), deadLetters());
    }

    private static Map<String, AttributeValue> localized(Map<String, AttributeValue> order, String locale,
            String currency, String amount) {
        Map<String, AttributeValue> item = new java.util.LinkedHashMap<>(order);
        item.put("locale", AttributeValue.fromS(locale));
        item.put("currency", AttributeValue.fromS(currency));
        item.put("amount", AttributeValue.fromN(amount));
        return item;
    }

    private void assertDeadLetter(DeadLetter deadLetter, String orderId, String reason) {
        assertEquals(InvalidRecordException.class.getName(), deadLetter.errorClass());
        assertTrue(deadLetter.errorMessage().contains(reason), deadLetter.errorMessage());
        assertEquals(1, deadLetter.attempts(), "no retries for an invalid record");
        assertEquals(ROUTE, deadLetter.routeId());
        assertEquals(orders().name(), deadLetter.table());
        assertEquals("INSERT", deadLetter.record().path("eventName").asText());
        assertEquals(deadLetter.eventId(), deadLetter.record().path("eventID").asText());
        assertEquals(deadLetter.sequenceNumber(), deadLetter.record().at("/dynamodb/SequenceNumber").asText());
        assertEquals(orderId, deadLetter.record().at("/dynamodb/NewImage/id/S").asText());
        assertEquals("24.99", deadLetter.record().at("/dynamodb/NewImage/amount/N").asText());
    }

    @Test
    void modify_and_remove_records_give_no_email_and_no_error() throws Exception {
        String recipient = uniqueRecipient();
        NotifyBuilder fourRecords = new NotifyBuilder(context).fromRoute(ROUTE).whenCompleted(4).create();
        orders().put(OrdersTable.order("ORD-3", recipient, "Harvest"));
        orders().setStatus("ORD-3", "SHIPPED");
        orders().delete("ORD-3");
        String sentinel = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-4", sentinel, "After the Gold Rush"));

        awaitOneMailTo(sentinel);
        assertTrue(fourRecords.matches(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, mailsTo(recipient).size(), "only the INSERT is confirmed");
        assertEquals(1, counters().count(ROUTE, "skipped.MODIFY"));
        assertEquals(1, counters().count(ROUTE, "skipped.REMOVE"));
        awaitCount("sent", 2);
        assertEquals(List.of(), deadLetters());
    }

    @Test
    void an_order_the_template_cannot_render_is_dead_lettered_with_the_template_error() throws Exception {
        Map<String, AttributeValue> noAlbum = new java.util.LinkedHashMap<>(
                OrdersTable.order("ORD-5", uniqueRecipient(), "x"));
        noAlbum.remove("album");
        orders().put(noAlbum);
        String good = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-6", good, "Harvest"));

        awaitOneMailTo(good);
        await().atMost(WAIT).until(() -> deadLetters().size() == 1);
        DeadLetter deadLetter = deadLetters().get(0);
        assertTrue(deadLetter.errorClass().startsWith("freemarker."), deadLetter.errorClass());
        assertEquals(1, deadLetter.attempts());
        assertEquals("ORD-5", deadLetter.record().at("/dynamodb/NewImage/id/S").asText());
    }
}

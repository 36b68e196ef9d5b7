package io.streamnotifier.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class MimeComposerTest {

    @Test
    void text_and_html_travel_together_as_multipart_alternative_in_utf8() throws Exception {
        MimeMessage message = MimeComposer.compose("Pinehead Records <orders@pinehead.example>", "jane@example.com",
                "Pinehead Records: Order Confirmation", "Album: Motörhead\nAmount: $9.99\n",
                "<p>Album: Mot&ouml;rhead – ünïcode</p>");

        assertEquals("Pinehead Records <orders@pinehead.example>", message.getFrom()[0].toString());
        assertEquals(new InternetAddress("jane@example.com"), message.getRecipients(Message.RecipientType.TO)[0]);
        assertEquals("Pinehead Records: Order Confirmation", message.getSubject());
        assertTrue(message.getContentType().startsWith("multipart/alternative"), message.getContentType());

        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertEquals(2, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(parts.getBodyPart(0).getContentType().toLowerCase().contains("charset=utf-8"));
        assertEquals("Album: Motörhead\r\nAmount: $9.99\r\n", parts.getBodyPart(0).getContent());
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
        assertEquals("<p>Album: Mot&ouml;rhead – ünïcode</p>", parts.getBodyPart(1).getContent());

        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        String wire = raw.toString(StandardCharsets.US_ASCII);
        assertTrue(wire.contains("Message-ID: <"), wire);
        assertTrue(wire.contains("MIME-Version: 1.0"), wire);
    }

    @Test
    void a_subject_with_a_line_break_cannot_add_headers() throws Exception {
        MimeMessage message = MimeComposer.compose("orders@pinehead.example", "jane@example.com",
                "Hello\r\nBcc: victim@example.org", "t", "<p>h</p>");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        assertTrue(message.getHeader("Bcc") == null);
        assertTrue(!raw.toString(StandardCharsets.US_ASCII).contains("\r\nBcc:"));
    }

    @Test
    void the_route_s_reply_to_becomes_the_reply_to_header() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("CamelAwsSesFrom", "orders@pinehead.example");
        exchange.getMessage().setHeader("CamelAwsSesTo", "jane@example.com");
        exchange.getMessage().setHeader("CamelAwsSesSubject", "Your order");
        exchange.getMessage().setHeader("CamelAwsSesReplyToAddresses",
                "Pinehead Support <support@pinehead.example>, help@pinehead.example");
        exchange.setVariable("text", "t");
        exchange.setVariable("html", "<p>h</p>");

        new MimeComposer(1_000_000).process(exchange);

        MimeMessage message = exchange.getMessage().getBody(MimeMessage.class);
        assertEquals(List.of(new InternetAddress("Pinehead Support <support@pinehead.example>"),
                new InternetAddress("help@pinehead.example")), List.of(message.getReplyTo()));
    }

    @Test
    void the_message_is_written_out_once_and_those_bytes_are_the_message_s_own() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("CamelAwsSesFrom", "orders@pinehead.example");
        exchange.getMessage().setHeader("CamelAwsSesTo", "jane@example.com");
        exchange.getMessage().setHeader("CamelAwsSesSubject", "Your order");
        exchange.setVariable("text", "t");
        exchange.setVariable("html", "<p>h</p>");

        new MimeComposer(1_000_000).process(exchange);

        MimeMessage message = exchange.getMessage().getBody(MimeMessage.class);
        var written = (java.util.Map.Entry<?, ?>) exchange.getProperty(
                io.streamnotifier.ses.v2.SesV2Constants.WRITTEN_MESSAGE);
        assertTrue(written.getKey() == message, "the bytes are tied to the body's message");
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        message.writeTo(again);
        // what the ses-v2 producer sends instead of writing the message a second time: the same bytes, Message-ID too
        assertEquals(again.toString(StandardCharsets.UTF_8), new String((byte[]) written.getValue(),
                StandardCharsets.UTF_8));
    }

    @Test
    void without_a_reply_to_answers_go_to_the_sender_and_a_bad_one_is_refused_masked() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("CamelAwsSesFrom", "orders@pinehead.example");
        exchange.getMessage().setHeader("CamelAwsSesTo", "jane@example.com");
        exchange.getMessage().setHeader("CamelAwsSesSubject", "Your order");
        exchange.getMessage().setHeader("CamelAwsSesReplyToAddresses", "");
        exchange.setVariable("text", "t");
        exchange.setVariable("html", "<p>h</p>");
        new MimeComposer(1_000_000).process(exchange);
        MimeMessage message = exchange.getMessage().getBody(MimeMessage.class);
        assertNull(message.getHeader("Reply-To"));

        exchange.getMessage().setHeader("CamelAwsSesReplyToAddresses", "support@pinehead.example\r\nBcc: x@y.example");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new MimeComposer(1_000_000).process(exchange));
        assertTrue(bad.getMessage().contains("s***@pinehead.example") && !bad.getMessage().contains("support@"),
                bad.getMessage());
    }

    @Test
    void every_text_comes_back_as_it_was_and_no_line_on_the_wire_is_longer_than_mime_allows() throws Exception {
        java.util.Random random = new java.util.Random(15);
        String alphabet = "abc XYZ=.\t\u00f6\u00fc\u20ac\ud83c\udfb8-_?";
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            int lines = 1 + random.nextInt(5);
            for (int l = 0; l < lines; l++) {
                int length = random.nextInt(round % 10 == 0 ? 1200 : 120);
                for (int c = 0; c < length; c++) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                text.append(random.nextBoolean() ? " \n" : "\n");
            }
            String expected = MimeComposer.crlf(text.toString()).replace("\ud83c", "").replace("\udfb8", "");
            MimeMessage message = MimeComposer.compose("orders@pinehead.example", "jane@example.com", "s",
                    expected, "<p>" + expected + "</p>");

            MimeMultipart parts = (MimeMultipart) message.getContent();
            assertEquals(expected, parts.getBodyPart(0).getContent(), "round " + round);
            assertEquals("<p>" + expected + "</p>", parts.getBodyPart(1).getContent(), "round " + round);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            for (String line : raw.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
                assertTrue(line.length() <= 998, "round " + round + ": a line of " + line.length());
                assertTrue(line.chars().allMatch(c -> c < 128), "round " + round + ": 8-bit on the wire: " + line);
            }
        }
    }

    @Test
    void quoted_printable_keeps_lines_under_77_and_encodes_what_could_be_lost() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MimeComposer.quotedPrintable(("a=b \u00f6 end \r\n" + "y".repeat(80) + "\t").getBytes(StandardCharsets.UTF_8),
                out);
        String[] lines = out.toString(StandardCharsets.US_ASCII).split("\r\n");

        assertEquals("a=3Db =C3=B6 end=20", lines[0], "the equals sign and a space before the line break encoded");
        assertEquals(76, lines[1].length(), "75 characters and the soft break");
        assertTrue(lines[1].endsWith("="));
        assertEquals("y".repeat(5) + "=09", lines[2], "a tab at the end encoded");
    }

    @Test
    void ascii_with_short_lines_goes_as_it_is() {
        assertTrue(MimeComposer.sevenBit("Order 1\r\nTotal: 9.99\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(MimeComposer.sevenBit("Mot\u00f6rhead".getBytes(StandardCharsets.UTF_8)));
        assertFalse(MimeComposer.sevenBit(("x".repeat(999)).getBytes(StandardCharsets.US_ASCII)));
        assertFalse(MimeComposer.sevenBit("a\nb".getBytes(StandardCharsets.US_ASCII)), "a bare LF");
    }

    @Test
    void line_ends_become_crlf_whatever_the_template_used() {
        assertEquals("a\r\nb\r\nc\r\nd\r\n\r\ne", MimeComposer.crlf("a\nb\r\nc\rd\n\ne"));
        assertEquals("", MimeComposer.crlf(""));
        assertEquals("\r\n", MimeComposer.crlf("\r"));
    }
}

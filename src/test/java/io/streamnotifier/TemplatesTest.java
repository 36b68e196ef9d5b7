package io.streamnotifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import io.streamnotifier.config.TemplateConfiguration;
import org.junit.jupiter.api.Test;

/** The shipped templates, rendered with the service's FreeMarker set-up and the data model Camel passes. */
class TemplatesTest {

    private final Configuration templates = TemplateConfiguration.freemarker(Path.of("templates"), "en-US", 0);

    TemplatesTest() throws Exception {
    }

    private static Map<String, Object> order(String title) {
        Map<String, Object> album = new LinkedHashMap<>();
        album.put("title", title);
        album.put("year", new BigDecimal("1972"));
        album.put("format", "LP");
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", "ORD-1001");
        order.put("timestamp", "2026-11-25T10:15:00Z");
        order.put("email", "jane@example.com");
        order.put("amount", new BigDecimal("1234.5"));
        order.put("album", album);
        return Map.of("body", Map.of("order", order, "event", Map.of("id", "e-1", "name", "INSERT")));
    }

    private String render(String name, Map<String, Object> model) throws Exception {
        StringWriter out = new StringWriter();
        templates.getTemplate(name).process(model, out);
        return out.toString();
    }

    @Test
    void html_shows_the_order_with_money_and_year_formatted() throws Exception {
        String html = render("order-confirmation.ftlh", order("Harvest"));
        assertTrue(html.contains("<td>ORD-1001</td>"), html);
        assertTrue(html.contains("Harvest (1972)"), html);
        assertTrue(html.contains("<td>LP</td>"), html);
        assertTrue(html.contains("<b>$1,234.50</b>"), html);
        assertTrue(html.contains("<td>November 25, 2026</td>"), html);
    }

    @Test
    void text_has_real_line_breaks_and_no_markup() throws Exception {
        String text = render("order-confirmation.txt.ftl", order("Harvest"));
        assertTrue(text.startsWith("Pinehead Records: Order Confirmation\n"), text);
        assertTrue(text.contains("\nOrder ID:   ORD-1001\n"), text);
        assertTrue(text.contains("\nAlbum:      Harvest (1972)\n"), text);
        assertTrue(text.contains("\nFormat:     LP\n"), text);
        assertTrue(text.contains("\nAmount:     $1,234.50\n"), text);
        assertFalse(text.contains("<"), text);
    }

    @Test
    void hostile_html_is_escaped_in_html_and_intact_in_text() throws Exception {
        String hostile = "<script>alert(1)</script> & \"quotes\"";
        String html = render("order-confirmation.ftlh", order(hostile));
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; (1972)"), html);
        String text = render("order-confirmation.txt.ftl", order(hostile));
        assertTrue(text.contains("Album:      " + hostile + " (1972)\n"), text);
    }

    @Test
    void the_example_templates_escape_hostile_html_and_keep_it_intact_in_text() throws Exception {
        String hostile = "<script>alert(1)</script> & \"quotes\"";
        String escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;";
        for (String name : List.of("order-shipped", "order-cancelled", "order-delivered")) {
            String html = render(name + ".ftlh", order(hostile));
            assertFalse(html.contains("<script>"), name + ": " + html);
            assertTrue(html.contains(escaped), name + ": " + html);
            assertTrue(html.contains("ORD-1001"), name + ": " + html);
            String text = render(name + ".txt.ftl", order(hostile));
            assertTrue(text.contains(hostile), name + ": " + text);
            assertTrue(text.contains("ORD-1001"), name + ": " + text);
        }
    }

    @Test
    void the_shipping_e_mail_shows_tracking_only_when_the_order_has_it() throws Exception {
        Map<String, Object> model = order("Harvest");
        assertFalse(render("order-shipped.txt.ftl", model).contains("Tracking"));
        @SuppressWarnings("unchecked")
        Map<String, Object> order = (Map<String, Object>) ((Map<String, Object>) model.get("body")).get("order");
        order.put("carrier", "DHL");
        order.put("trackingNumber", "JD014600");
        assertTrue(render("order-shipped.txt.ftl", model).contains("Tracking:   DHL JD014600\n"));
        assertTrue(render("order-shipped.ftlh", model).contains("<td>DHL JD014600</td>"));
        assertTrue(render("order-cancelled.txt.ftl", model).contains("Refund:     $1,234.50\n"));
    }

    @Test
    void a_missing_attribute_is_a_template_error_not_an_empty_field() {
        Map<String, Object> model = order("Harvest");
        @SuppressWarnings("unchecked")
        Map<String, Object> order = (Map<String, Object>) ((Map<String, Object>) model.get("body")).get("order");
        order.remove("album");
        assertThrows(TemplateException.class, () -> render("order-confirmation.ftlh", model));
    }

    @Test
    void templates_cannot_instantiate_classes() {
        assertEquals(freemarker.core.TemplateClassResolver.ALLOWS_NOTHING_RESOLVER, templates.getNewBuiltinClassResolver());
        assertFalse(templates.isAPIBuiltinEnabled());
    }
}

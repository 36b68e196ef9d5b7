package io.streamnotifier.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import freemarker.template.Configuration;
import io.streamnotifier.config.TemplateConfiguration;
import org.junit.jupiter.api.Test;

/** The shipped Slack template, rendered with the service's FreeMarker set-up: values escaped for Slack's mrkdwn. */
class SlackMrkdwnTest {

    // Camel's FreeMarker component renders with a clone of the configuration: so does this test
    private final Configuration templates = (Configuration) TemplateConfiguration
            .freemarker(Path.of("templates"), "en-US", 0).clone();

    SlackMrkdwnTest() throws Exception {
    }

    private String render(String title, String id) throws Exception {
        Map<String, Object> album = new LinkedHashMap<>();
        album.put("title", title);
        album.put("year", new BigDecimal("1972"));
        album.put("format", "LP");
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", id);
        order.put("email", "jane@example.com");
        order.put("amount", new BigDecimal("1234.5"));
        order.put("album", album);
        StringWriter out = new StringWriter();
        templates.getTemplate("new-order.slack.ftl").process(Map.of("body", Map.of("order", order)), out);
        return out.toString();
    }

    @Test
    void escape_replaces_exactly_ampersand_and_angle_brackets() {
        assertEquals("a &amp; b &lt;!channel&gt; *c* _d_ \"e\"", SlackMrkdwn.escape("a & b <!channel> *c* _d_ \"e\""));
    }

    @Test
    void new_order_summary_has_id_album_format_and_money_and_no_address() throws Exception {
        String text = render("Harvest", "ORD-1001");
        assertEquals(":cd: New order *ORD-1001*: _Harvest_ (1972, LP), $1,234.50\n", text);
        assertFalse(text.contains("jane@example.com"));
    }

    @Test
    void hostile_title_cannot_make_links_or_mentions() throws Exception {
        String text = render("<!channel> <https://evil.example|click> & <@U123>", "<!here>");
        assertFalse(text.contains("<"), text);
        assertFalse(text.contains(">"), text);
        assertTrue(text.contains("*&lt;!here&gt;*"), text);
        assertTrue(text.contains("_&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; &lt;@U123&gt;_"), text);
    }
}

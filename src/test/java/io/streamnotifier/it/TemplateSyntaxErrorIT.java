package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

import io.streamnotifier.deadletter.DeadLetter;
import org.junit.jupiter.api.Test;

/**
 * A template with a syntax error (a designer's typo shipped without a rebuild) fails every record the same way:
 * no retry can fix it, so each record is dead-lettered at its first attempt, with the template's error.
 */
class TemplateSyntaxErrorIT extends ServiceITSupport {

    @Override
    protected Properties extraProperties() {
        Path templates = Path.of("target", "it-templates", getClass().getSimpleName());
        try {
            Files.createDirectories(templates);
            try (Stream<Path> shipped = Files.list(Path.of("templates"))) {
                for (Path template : shipped.toList()) {
                    Files.copy(template, templates.resolve(template.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // an unclosed directive: FreeMarker cannot parse the template at all
            Files.writeString(templates.resolve("order-confirmation.ftlh"), "<p>Order ${order.id}</p>\n<#if order.id>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties properties = new Properties();
        properties.put("notifier.templates.dir", templates.toString());
        properties.put("notifier.retry.initial-delay-ms", "200");
        // as for a template broken by an edit after the start (live reload): the start's own check would refuse it
        properties.put("notifier.templates.check-at-start", "false");
        return properties;
    }

    @Test
    void a_template_syntax_error_is_dead_lettered_at_the_first_attempt() throws Exception {
        orders().put(OrdersTable.order("ORD-TYPO", uniqueRecipient(), "Harvest"));

        await().atMost(WAIT).until(() -> deadLetters().size() == 1);
        DeadLetter deadLetter = deadLetters().get(0);
        assertEquals(1, deadLetter.attempts(), "a syntax error is not retried: " + deadLetter.errorClass());
        assertTrue(deadLetter.errorMessage().contains("order-confirmation.ftlh"), deadLetter.errorMessage());
        assertEquals("ORD-TYPO", deadLetter.record().at("/dynamodb/NewImage/id/S").asText());
        awaitCount("dead-lettered", 1);
    }
}

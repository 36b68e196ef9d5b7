package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.streamnotifier.it.support.FakeSlack;
import org.junit.jupiter.api.Test;

/**
 * The promise of docs/notifications.md, literally: a Slack notification for new orders is one file copied into
 * routes/ and one environment variable. The packaged jar runs as the image does ({@link ServiceProcess}), with the
 * example copied into its routes/ and SLACK_WEBHOOK_URL set, against the local servers and a local Slack webhook.
 */
class SlackExampleJarIT {

    private static final Path EXAMPLE = Path.of("examples", "routes", "new-orders-to-slack.camel.yaml");

    @Test
    void copying_the_example_into_routes_and_setting_slack_webhook_url_posts_new_orders_to_slack() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("SlackExampleJarIT");
        OrdersTable orders = fixture.orders();
        try (FakeSlack slack = new FakeSlack();
                ServiceProcess service = fixture.service()) {
            Files.copy(EXAMPLE, service.dir().resolve("routes").resolve(EXAMPLE.getFileName()));
            // one file, one variable: the starting position is the default (LATEST), nothing else prepared
            service.unset("NOTIFIER_STARTING_POSITION").env("SLACK_WEBHOOK_URL", slack.webhookUrl().toString()).start();

            String recipient = "slack-jar-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            orders.put(OrdersTable.order("ORD-JAR-SLACK", recipient, "Harvest"));

            await().atMost(Duration.ofSeconds(90)).until(() -> !slack.accepted().isEmpty());
            assertEquals(":cd: New order *ORD-JAR-SLACK*: _Harvest_ (1972, LP), $24.99",
                    slack.accepted().get(0).text().trim());
            // the e-mail route still runs next to it, from its own stream position
            await().atMost(Duration.ofSeconds(30)).until(() -> !ServiceITSupport.mailsTo(recipient).isEmpty());

            // the log line follows Slack's answer, which the fake has already counted
            await().atMost(Duration.ofSeconds(30)).until(() -> service.output()
                    .contains("delivered route=new-orders-to-slack"));
            String output = service.output();
            assertFalse(output.contains(slack.secret()), "the webhook URL must not be logged");
            assertFalse(output.contains(recipient), "the log must not contain the address");
        }
    }

    @Test
    void without_slack_webhook_url_the_start_fails_naming_the_variable() throws Exception {
        ProcessFixture fixture = ProcessFixture.create("SlackExampleJarIT");
        try (ServiceProcess service = fixture.service()) {
            Files.copy(EXAMPLE, service.dir().resolve("routes").resolve(EXAMPLE.getFileName()));
            service.start();

            // the process ends by itself
            await().atMost(Duration.ofSeconds(90)).until(() -> !service.running());
            String output = service.output();
            assertTrue(output.contains("the Slack webhook URL in the environment variable SLACK_WEBHOOK_URL"
                    + " (notifier-slack-sink's webhookUrlVariable) is not set"), output);
        }
    }
}

package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.it.support.FakeSlack;
import io.streamnotifier.it.support.FakeSlack.Answer;
import io.streamnotifier.it.support.FakeSlack.Post;
import io.streamnotifier.it.support.LogCapture;
import io.streamnotifier.slack.SlackRejectedException;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * examples/routes/new-orders-to-slack.camel.yaml (the notifier-slack-sink Kamelet) installed as a user would, next
 * to the shipped routes/, posting to a local Slack webhook ({@link FakeSlack}) that checks the payload as Slack
 * does and rate-limits with 429 and Retry-After.
 */
class SlackSinkIT extends ServiceITSupport {

    private static final String SLACK_ROUTE = "new-orders-to-slack";
    private static final Pattern ORDER_ID = Pattern.compile("New order \\*([^*]+)\\*");

    // assigned while the base class constructor runs (extraProperties), so no initializers
    private FakeSlack slack;
    private LogCapture logCapture;

    @Override
    protected Properties extraProperties() {
        try {
            slack = new FakeSlack();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        logCapture = LogCapture.start(Level.ALL);
        Properties properties = new Properties();
        // the example copied into routes/: read with the shipped routes
        properties.put("camel.main.routes-include-pattern",
                "file:routes/*.camel.yaml,file:examples/routes/new-orders-to-slack.camel.yaml");
        // SLACK_WEBHOOK_URL: the Kamelet reads the environment variable, else the Java system property of that name
        System.setProperty("SLACK_WEBHOOK_URL", slack.webhookUrl().toString());
        properties.put("camel.kamelet.notifier-slack-sink.maxWaitMs", "5000");
        return properties;
    }

    @AfterEach
    void stopSlackAndLogCapture() {
        System.clearProperty("SLACK_WEBHOOK_URL");
        slack.close();
        logCapture.close();
    }

    @Test
    void rate_limited_posts_wait_as_told_and_every_order_arrives_once_with_escaped_text() throws Exception {
        // the 2nd and 3rd requests (the same message twice) and the 5th are rate-limited
        Map<Integer, Integer> limited = Map.of(1, 1, 2, 1, 4, 2);
        slack.answer(post -> limited.containsKey(post.number()) ? Answer.rateLimited(limited.get(post.number()))
                : Answer.OK);
        String hostile = "<!channel> <https://evil.example|Free vinyl> & <@U0001>";
        List<String> ids = List.of("ORD-S1", "ORD-S2", "ORD-S3", "ORD-S4", "ORD-S5");
        for (String id : ids) {
            orders().put(OrdersTable.order(id, uniqueRecipient(), id.equals("ORD-S3") ? hostile : "Harvest"));
        }

        await().atMost(WAIT.plus(Duration.ofSeconds(10))).until(() -> slack.accepted().size() >= ids.size());
        awaitRouteCount("delivered.slack", ids.size());

        // every order exactly once, in the order written
        assertEquals(ids, slack.accepted().stream().map(p -> orderId(p.text())).toList());
        List<Post> posts = slack.posts();
        assertEquals(ids.size() + limited.size(), posts.size(), "one post per order and one per 429");
        // after each 429 the same message came again, no sooner than Retry-After said
        for (Post post : posts) {
            if (post.answer().status() == 429) {
                Post next = posts.get(post.number() + 1);
                assertEquals(post.body(), next.body(), "the rate-limited message is sent again");
                Duration told = Duration.ofSeconds(post.answer().retryAfterSeconds());
                Duration gap = FakeSlack.gap(post, next);
                assertTrue(gap.compareTo(told) >= 0, "post " + post.number() + " waited " + gap + ", told " + told);
            }
        }
        assertEquals(":cd: New order *ORD-S1*: _Harvest_ (1972, LP), $24.99", slack.accepted().get(0).text().trim());
        // the hostile title arrives escaped: no link, no mention
        String hostilePost = slack.accepted().get(2).text();
        assertEquals(":cd: New order *ORD-S3*: _&lt;!channel&gt; &lt;https://evil.example|Free vinyl&gt; &amp; "
                + "&lt;@U0001&gt;_ (1972, LP), $24.99", hostilePost.trim());
        assertFalse(hostilePost.contains("<"), hostilePost);

        assertEquals(List.of(), deadLetters());
        assertEquals(0, counters().count(SLACK_ROUTE, "dead-lettered"));
        assertNoSecretOrPersonalDataLogged(List.of(hostile, "evil.example"));
    }

    @Test
    void refused_and_overlong_rate_limits_are_dead_lettered_at_once_and_5xx_is_redelivered() throws Exception {
        List<String> flakyOnce = Collections.synchronizedList(new ArrayList<>());
        Function<Post, Answer> policy = post -> {
            String id = orderId(post.text());
            return switch (id) {
                case "ORD-REFUSED" -> new Answer(403, "action_prohibited", null);
                case "ORD-LONG" -> Answer.rateLimited(60);
                case "ORD-FLAKY" -> flakyOnce.add(id) && flakyOnce.size() == 1
                        ? new Answer(500, "internal_error", null) : Answer.OK;
                default -> Answer.OK;
            };
        };
        slack.answer(policy);
        List<String> ids = List.of("ORD-REFUSED", "ORD-LONG", "ORD-FLAKY", "ORD-AFTER");
        for (String id : ids) {
            orders().put(OrdersTable.order(id, uniqueRecipient(), "Harvest"));
        }

        await().atMost(WAIT).until(() -> slack.accepted().size() >= 2);
        awaitRouteCount("delivered.slack", 2);
        assertEquals(List.of("ORD-FLAKY", "ORD-AFTER"),
                slack.accepted().stream().map(p -> orderId(p.text())).toList());

        await().atMost(WAIT).until(() -> deadLetters().size() >= 2);
        List<DeadLetter> deadLetters = deadLetters();
        assertEquals(2, deadLetters.size(), deadLetters.toString());
        assertDeadLetter(deadLetters.get(0), "ORD-REFUSED", "Slack refused the message: HTTP 403 action_prohibited");
        // Retry-After 60 s would pass the maximum wait of 5 s: not waited for, not posted again
        assertDeadLetter(deadLetters.get(1), "ORD-LONG", "Slack kept rate-limiting the message");
        Map<String, Long> postsPerOrder = slack.posts().stream()
                .collect(Collectors.groupingBy(p -> orderId(p.text()), Collectors.counting()));
        assertEquals(Map.of("ORD-REFUSED", 1L, "ORD-LONG", 1L, "ORD-FLAKY", 2L, "ORD-AFTER", 1L), postsPerOrder);
        assertNoSecretOrPersonalDataLogged(List.of());
    }

    @Test
    void an_order_already_posted_is_not_posted_again_when_the_stream_is_read_again() throws Exception {
        slack.answer(post -> Answer.OK);
        List<String> ids = List.of("ORD-P1", "ORD-P2");
        for (String id : ids) {
            orders().put(OrdersTable.order(id, uniqueRecipient(), "Harvest"));
        }
        awaitRouteCount("delivered.slack", ids.size());
        // the e-mail route marked the same records as sent: its entries are not this route's
        awaitCount("sent", ids.size());

        StreamRewind.rereadFromStart(context, SLACK_ROUTE, orders().name() + "-slack");

        awaitRouteCount("duplicate", ids.size());
        assertEquals(ids, slack.posts().stream().map(p -> orderId(p.text())).toList(), "each order posted once");
        assertEquals(ids.size(), counters().count(SLACK_ROUTE, "delivered.slack"));
    }

    private void assertDeadLetter(DeadLetter deadLetter, String orderId, String reason) {
        assertEquals(SlackRejectedException.class.getName(), deadLetter.errorClass());
        assertTrue(deadLetter.errorMessage().contains(reason), deadLetter.errorMessage());
        assertEquals(1, deadLetter.attempts(), "not redelivered");
        assertEquals(orders().name(), deadLetter.table());
        // the original stream record, as the stream gave it
        assertEquals("INSERT", deadLetter.record().path("eventName").asText());
        assertEquals(orderId, deadLetter.record().path("dynamodb").path("NewImage").path("id").path("S").asText());
    }

    private void assertNoSecretOrPersonalDataLogged(List<String> personal) {
        List<String> lines = logCapture.lines();
        assertFalse(lines.isEmpty(), "the log capture saw nothing");
        for (String line : lines) {
            assertFalse(line.contains(slack.secret()), "the webhook URL was logged: " + line);
            assertFalse(line.contains("@example.com") && !line.contains("***@example.com"),
                    "an unmasked address was logged: " + line);
            for (String data : personal) {
                assertFalse(line.contains(data), "order data was logged: " + line);
            }
        }
    }

    private void awaitRouteCount(String outcome, long expected) {
        await().atMost(WAIT).until(() -> counters().count(SLACK_ROUTE, outcome) >= expected);
        assertEquals(expected, counters().count(SLACK_ROUTE, outcome), outcome);
    }

    private static String orderId(String text) {
        Matcher m = ORDER_ID.matcher(text == null ? "" : text);
        return m.find() ? m.group(1) : "?";
    }
}

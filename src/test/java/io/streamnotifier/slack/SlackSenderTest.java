package io.streamnotifier.slack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.streamnotifier.RecordExpiredException;
import io.streamnotifier.it.support.FakeSlack;
import io.streamnotifier.it.support.FakeSlack.Answer;
import io.streamnotifier.ses.SendHeldException;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** The bounds of SlackSender's waiting, against a local webhook (camel-slack posting for real, no Camel route). */
class SlackSenderTest {

    private static final String VARIABLE = "SLACK_SENDER_TEST_WEBHOOK_URL";

    private FakeSlack slack;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        System.setProperty(VARIABLE, slack.webhookUrl().toString());
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        System.clearProperty(VARIABLE);
        context.stop();
        slack.close();
    }

    private SlackSender sender(long maxWaitMs, long maxRecordAgeSeconds) {
        SlackSender sender = new SlackSender();
        sender.setWebhookUrlVariable(VARIABLE);
        sender.setMaxWaitMs(maxWaitMs);
        sender.setMaxRecordAgeSeconds(maxRecordAgeSeconds);
        return sender;
    }

    private Exchange exchange(Instant createdAt) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(StreamHeaders.RECORD_PROPERTY, Record.builder().eventID("e-1").eventName("INSERT")
                .dynamodb(StreamRecord.builder().approximateCreationDateTime(createdAt).sequenceNumber("1").build())
                .build());
        exchange.setVariable(SlackSender.TEXT_VARIABLE, "New order *ORD-1*");
        return exchange;
    }

    @Test
    void a_retry_after_of_zero_still_waits_a_second() throws Exception {
        slack.answer(post -> post.number() == 0 ? new Answer(429, "rate_limited", 0) : Answer.OK);
        sender(60_000, 0).process(exchange(Instant.now()));
        assertEquals(2, slack.posts().size());
        Duration gap = FakeSlack.gap(slack.posts().get(0), slack.posts().get(1));
        assertTrue(gap.compareTo(Duration.ofSeconds(1)) >= 0, gap.toString());
    }

    @Test
    void a_wait_past_the_record_maximum_age_expires_it_without_waiting() {
        slack.answer(post -> Answer.rateLimited(5));
        Exchange exchange = exchange(Instant.now().minusSeconds(8));
        RecordExpiredException e = assertThrows(RecordExpiredException.class,
                () -> sender(60_000, 10).process(exchange));
        assertTrue(e.getMessage().contains("maximum age of 10 s"), e.getMessage());
        assertEquals(1, slack.posts().size(), "not posted again");
    }

    @Test
    void waits_add_up_to_the_maximum_wait_then_the_message_is_refused() {
        slack.answer(post -> Answer.rateLimited(1));
        SlackRejectedException e = assertThrows(SlackRejectedException.class,
                () -> sender(2_500, 0).process(exchange(Instant.now())));
        assertTrue(e.getMessage().contains("kept rate-limiting"), e.getMessage());
        assertEquals(3, slack.posts().size(), "waited 1 s twice, a third second would pass 2.5 s");
    }

    @Test
    void the_service_stopping_during_a_wait_holds_the_record() throws Exception {
        slack.answer(post -> Answer.rateLimited(30));
        SlackSender sender = sender(60_000, 0);
        Exchange exchange = exchange(Instant.now());
        CompletableFuture<Void> posting = CompletableFuture.runAsync(() -> {
            try {
                sender.process(exchange);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !slack.posts().isEmpty());
        context.stop();
        ExecutionException e = assertThrows(ExecutionException.class, () -> posting.get(10, TimeUnit.SECONDS));
        assertInstanceOf(SendHeldException.class, e.getCause().getCause());
        assertEquals(1, slack.posts().size());
    }

    @Test
    void a_missing_or_malformed_webhook_url_is_refused_naming_the_variable_not_the_value() {
        SlackSender sender = new SlackSender();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> sender.setWebhookUrlVariable("SLACK_SENDER_TEST_UNSET"));
        assertTrue(missing.getMessage().contains("SLACK_SENDER_TEST_UNSET"), missing.getMessage());
        assertTrue(missing.getMessage().contains("is not set"), missing.getMessage());
        System.setProperty(VARIABLE, "hooks.slack.example/services/SECRET-PART");
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> sender.setWebhookUrlVariable(VARIABLE));
        assertTrue(malformed.getMessage().contains("not an http(s) URL"), malformed.getMessage());
        assertFalse(malformed.getMessage().contains("SECRET-PART"), malformed.getMessage());
    }
}

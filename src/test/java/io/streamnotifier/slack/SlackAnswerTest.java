package io.streamnotifier.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.slack.api.webhook.WebhookResponse;
import org.apache.camel.CamelExchangeException;
import org.junit.jupiter.api.Test;

/** Slack's answers as camel-slack reports them: the exception message built from the SDK's WebhookResponse. */
class SlackAnswerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    /** The exception camel-slack 4.17 raises for a non-2xx answer, built from the SDK's own response class. */
    private static Exception camelSlackFailure(int code, Map<String, List<String>> headers, String body) {
        WebhookResponse response = WebhookResponse.builder().code(code).message("status " + code)
                .headers(headers).body(body).build();
        return new CamelExchangeException("Error POSTing to Slack API: " + response, null);
    }

    private static Map<String, List<String>> headers(String... pairs) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], List.of(pairs[i + 1]));
        }
        return headers;
    }

    @Test
    void rate_limited_answer_gives_its_retry_after_in_seconds() {
        SlackAnswer answer = SlackAnswer.of(camelSlackFailure(429,
                headers("content-type", "text/plain", "retry-after", "3", "x-slack-req-id", "abc"), "rate_limited"),
                NOW);
        assertTrue(answer.rateLimited());
        assertFalse(answer.permanent());
        assertEquals(Optional.of(Duration.ofSeconds(3)), answer.retryAfter());
        assertEquals("rate_limited", answer.body());
    }

    @Test
    void retry_after_as_the_first_header_and_as_an_http_date() {
        SlackAnswer first = SlackAnswer.of(camelSlackFailure(429, headers("retry-after", "12"), "rate_limited"), NOW);
        assertEquals(Optional.of(Duration.ofSeconds(12)), first.retryAfter());
        SlackAnswer date = SlackAnswer.of(camelSlackFailure(429,
                headers("date", "Wed, 25 Nov 2026 09:59:59 GMT", "retry-after", "Wed, 25 Nov 2026 10:00:07 GMT"),
                "rate_limited"), NOW);
        assertEquals(Optional.of(Duration.ofSeconds(7)), date.retryAfter());
    }

    @Test
    void rate_limited_without_retry_after_has_none() {
        SlackAnswer answer = SlackAnswer.of(camelSlackFailure(429, headers("content-type", "text/plain"), "x"), NOW);
        assertTrue(answer.rateLimited());
        assertEquals(Optional.empty(), answer.retryAfter());
    }

    @Test
    void other_4xx_are_permanent_5xx_are_not() {
        SlackAnswer invalid = SlackAnswer.of(camelSlackFailure(400, headers(), "invalid_payload"), NOW);
        assertTrue(invalid.permanent());
        assertEquals("invalid_payload", invalid.body());
        assertTrue(SlackAnswer.of(camelSlackFailure(404, headers(), "no_service"), NOW).permanent());
        SlackAnswer down = SlackAnswer.of(camelSlackFailure(503, headers(), "down"), NOW);
        assertFalse(down.permanent());
        assertFalse(down.rateLimited());
        assertEquals(503, down.status());
    }

    @Test
    void a_failure_without_an_answer_has_status_0() {
        SlackAnswer refused = SlackAnswer.of(new IOException("Failed to connect to /127.0.0.1:1"), NOW);
        assertEquals(0, refused.status());
        assertFalse(refused.permanent());
    }
}

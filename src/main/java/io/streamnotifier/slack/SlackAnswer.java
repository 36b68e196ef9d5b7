package io.streamnotifier.slack;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Slack answered to a post that failed, read from the exception that {@code camel-slack} raises for a non-2xx
 * answer. Camel 4.17's Slack producer keeps no reference to the response: its exception message is
 * {@code "Error POSTing to Slack API: " + WebhookResponse.toString()}, i.e.
 * {@code WebhookResponse(code=429, message=..., headers={retry-after=[3], ...}, body=rate_limited)}, with the header
 * names in lower case (OkHttp's {@code toMultimap}). {@code SlackAnswerTest} pins that format to the Slack SDK's
 * own class, so that a library upgrade that changes it fails the build instead of the rate limiting.
 *
 * @param status      the HTTP status, or 0 if the failure was not an answer (connection refused, timeout)
 * @param retryAfter  the Retry-After header (seconds, or an HTTP date relative to {@code now}), if any
 * @param body        Slack's answer body ({@code rate_limited}, {@code invalid_payload}, ...), at most 100 chars
 */
public record SlackAnswer(int status, Optional<Duration> retryAfter, String body) {

    private static final Pattern RESPONSE = Pattern.compile("WebhookResponse\\(code=(\\d+),");
    private static final Pattern RETRY_AFTER = Pattern.compile("[{ ]retry-after=\\[([^\\]]*)\\]",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BODY = Pattern.compile(", body=(.*)\\)", Pattern.DOTALL);

    public static SlackAnswer of(Throwable failure, Instant now) {
        String message = failure == null ? null : failure.getMessage();
        if (message == null) {
            return new SlackAnswer(0, Optional.empty(), "");
        }
        Matcher response = RESPONSE.matcher(message);
        if (!response.find()) {
            return new SlackAnswer(0, Optional.empty(), "");
        }
        int status = Integer.parseInt(response.group(1));
        Matcher retry = RETRY_AFTER.matcher(message);
        Optional<Duration> retryAfter = retry.find() ? parseRetryAfter(retry.group(1).trim(), now) : Optional.empty();
        Matcher body = BODY.matcher(message);
        String text = "";
        if (body.find()) {
            text = body.group(1);
            int end = text.indexOf(") on the exchange");
            if (end >= 0) {
                text = text.substring(0, end);
            }
            text = text.replaceAll("[\\r\\n\\t]+", " ").trim();
            if (text.length() > 100) {
                text = text.substring(0, 100) + "...";
            }
        }
        return new SlackAnswer(status, retryAfter, text);
    }

    /** Retry-After as delay-seconds or as an HTTP date (RFC 9110); anything else is ignored. */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public boolean rateLimited() {
        return status == 429;
    }

    /** A refusal that sending again will not change (4xx other than 429). */
    public boolean permanent() {
        return status >= 400 && status < 500 && status != 429;
    }
}

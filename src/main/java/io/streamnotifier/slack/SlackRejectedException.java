package io.streamnotifier.slack;

/**
 * Slack refused the message for good (HTTP 4xx other than 429: a bad payload, a revoked or unknown webhook, an
 * archived channel) or kept rate-limiting it past the configured bound: dead-lettered at once, not retried.
 */
public class SlackRejectedException extends Exception {

    public SlackRejectedException(String message) {
        super(message);
    }
}

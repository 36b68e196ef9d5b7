package io.streamnotifier.slack;

/** Slack answered 5xx (or another non-2xx, non-4xx status): transient, redelivered by the dead-letter channel. */
public class SlackUnavailableException extends Exception {

    public SlackUnavailableException(String message) {
        super(message);
    }
}

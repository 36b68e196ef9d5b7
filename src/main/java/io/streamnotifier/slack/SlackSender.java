package io.streamnotifier.slack;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.streamnotifier.InvalidRecordException;
import io.streamnotifier.NotifierCounters;
import io.streamnotifier.RecordAgeCheck;
import io.streamnotifier.RecordExpiredException;
import io.streamnotifier.ses.SendHeldException;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.slack.SlackComponent;
import org.apache.camel.component.slack.SlackEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code notifier-slack-sink} Kamelet's send step: posts the rendered text (the exchange variable
 * {@link #TEXT_VARIABLE}) to a Slack incoming webhook through {@code camel-slack}, and answers Slack's failures:
 * <ul>
 * <li>429 (rate limited): waits as Slack's Retry-After header says (at least 1 s) and posts again, for as
 * long as the message has waited less than {@code maxWaitMs} in all and the record is younger than its maximum age
 * ({@code notifier.max-record-age-seconds}, else the stream's 24 hours); past either bound it is dead-lettered. The
 * dead-letter channel's retry budget is not used: Slack did not take the message, so posting again duplicates
 * nothing.</li>
 * <li>Another 4xx: {@link SlackRejectedException}, dead-lettered at once.</li>
 * <li>5xx, connection refused, a timeout: thrown for the dead-letter channel's redeliveries.</li>
 * </ul>
 * The webhook URL is a secret: read from the environment variable named by {@code webhookUrlVariable}, it lives
 * only in this bean and the Slack endpoint it builds (never in a Camel property, an endpoint URI, a header or a log
 * line). The exchange's body and headers are left as they were, so a redelivery of the
 * Kamelet renders from the same data model again. A wait interrupted by the service stopping ends in
 * {@link SendHeldException}: neither sent nor dead-lettered, read again at the next start.
 */
public class SlackSender implements Processor {

    /** The exchange variable holding the text to post (the Kamelet renders its template into it). */
    public static final String TEXT_VARIABLE = "notifierSlackText";

    private static final Logger LOG = LoggerFactory.getLogger(SlackSender.class);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration MIN_WAIT = Duration.ofSeconds(1);
    private static final Duration STREAM_RETENTION = Duration.ofHours(24);

    private String webhookUrl;
    private long maxWaitMs = 300_000;
    private long maxRecordAgeSeconds;
    private Clock clock = Clock.systemUTC();
    private volatile Producer producer;

    /**
     * The environment variable that holds the incoming webhook URL (a secret), e.g. {@code SLACK_WEBHOOK_URL}; if it
     * is not set, the Java system property of that name. Read and checked here, when the route is created, so that a
     * missing or malformed URL stops the start with a message naming the variable, never showing its value. The URL
     * itself never passes through Camel's properties, which Camel Main would print in its start-up summary.
     */
    public void setWebhookUrlVariable(String variable) {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            url = System.getProperty(variable);
        }
        checkWebhookUrl(variable, url);
        this.webhookUrl = url.trim();
    }

    /** The longest a message may wait in all for Slack's rate limit before it is dead-lettered. */
    public void setMaxWaitMs(long maxWaitMs) {
        this.maxWaitMs = maxWaitMs;
    }

    /** notifier.max-record-age-seconds: records older than this are not waited for (0: the stream's 24 hours). */
    public void setMaxRecordAgeSeconds(long maxRecordAgeSeconds) {
        this.maxRecordAgeSeconds = maxRecordAgeSeconds;
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String text = exchange.getVariable(TEXT_VARIABLE, String.class);
        if (text == null || text.isBlank()) {
            throw new InvalidRecordException("the Slack message is empty: its template rendered nothing");
        }
        Producer slack = producer(exchange);
        Duration waited = Duration.ZERO;
        while (true) {
            Exchange post = exchange.copy();
            post.getMessage().setBody(text);
            try {
                slack.process(post);
            } catch (Exception e) {
                post.setException(e);
            }
            Exception failure = post.getException();
            if (failure == null) {
                NotifierCounters counters = exchange.getContext().getRegistry()
                        .lookupByNameAndType("counters", NotifierCounters.class);
                if (counters != null) {
                    counters.delivered(exchange, "slack", null);
                }
                return;
            }
            SlackAnswer answer = SlackAnswer.of(failure, clock.instant());
            if (answer.rateLimited()) {
                // at least a second: a Retry-After of 0 (or a date gone by) must not make a tight loop of posts
                Duration told = answer.retryAfter().orElse(DEFAULT_RETRY_AFTER);
                Duration wait = told.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : told;
                checkBounds(exchange, waited, wait);
                LOG.info("Slack rate-limits (429, Retry-After {}); posting eventID={} again in {} ms",
                        answer.retryAfter().map(d -> d.toSeconds() + " s").orElse("not given"),
                        exchange.getMessage().getHeader(StreamHeaders.EVENT_ID), wait.toMillis());
                pause(exchange, wait);
                waited = waited.plus(wait);
            } else if (answer.permanent()) {
                throw new SlackRejectedException("Slack refused the message: HTTP " + answer.status() + " "
                        + answer.body());
            } else if (answer.status() != 0) {
                throw new SlackUnavailableException("Slack answered HTTP " + answer.status() + " " + answer.body());
            } else {
                throw failure;
            }
        }
    }

    /** Dead-letters the message if waiting once more would pass the wait bound or the record's maximum age. */
    private void checkBounds(Exchange exchange, Duration waited, Duration wait)
            throws SlackRejectedException, RecordExpiredException {
        if (waited.plus(wait).toMillis() > maxWaitMs) {
            throw new SlackRejectedException("Slack kept rate-limiting the message: waited " + waited.toSeconds()
                    + " s, Retry-After " + wait.toSeconds() + " s would pass the maximum wait of "
                    + Duration.ofMillis(maxWaitMs).toSeconds() + " s");
        }
        Duration maxAge = maxRecordAgeSeconds > 0 ? Duration.ofSeconds(maxRecordAgeSeconds) : STREAM_RETENTION;
        Duration age = RecordAgeCheck.age(exchange, clock);
        if (age != null && age.plus(wait).compareTo(maxAge) > 0) {
            throw new RecordExpiredException("the record is " + age.toSeconds() + " s old; waiting "
                    + wait.toSeconds() + " s more for Slack's rate limit would pass its maximum age of "
                    + maxAge.toSeconds() + " s");
        }
    }

    /** Waits, unless the service is stopping: then the record is held back for the next start. */
    private void pause(Exchange exchange, Duration pause) throws SendHeldException {
        Instant until = clock.instant().plus(pause);
        while (clock.instant().isBefore(until)) {
            if (exchange.getContext().isStopping() || exchange.getContext().isStopped()) {
                throw new SendHeldException("not posted: the service is stopping while Slack was rate-limiting; "
                        + "the record is read again at the next start");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(200,
                    Duration.between(clock.instant(), until).toMillis() + 1)));
        }
    }

    /**
     * The Slack producer for this webhook, built once: its endpoint is created here rather than from a URI, so the
     * secret URL never appears in an endpoint URI (which Camel logs and does not mask for this option).
     */
    private Producer producer(Exchange exchange) throws Exception {
        Producer current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    if (webhookUrl == null) {
                        throw new IllegalStateException("no Slack webhook URL: the notifier-slack-sink Kamelet's "
                                + "webhookUrlVariable is not set");
                    }
                    SlackComponent component = exchange.getContext().getComponent("slack", SlackComponent.class);
                    SlackEndpoint endpoint = new SlackEndpoint("slack:notifier-webhook", "notifier-webhook",
                            component);
                    endpoint.setWebhookUrl(webhookUrl);
                    Producer created = endpoint.createProducer();
                    created.start();
                    producer = created;
                }
                current = producer;
            }
        }
        return current;
    }

    private static void checkWebhookUrl(String variable, String url) {
        String where = "the Slack webhook URL in the environment variable " + variable
                + " (notifier-slack-sink's webhookUrlVariable)";
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(where + " is not set: set it to the channel's incoming webhook URL");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException(where + " is not an http(s) URL");
        }
    }
}

package io.streamnotifier;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamnotifier.mail.RecipientCheck;
import io.streamnotifier.ops.PerMinuteCounts;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.ses.Ses2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Counts what became of each stream record, per route and table: read, {@code skipped.<EVENT>} (event types a
 * route does not notify), {@code sent}, {@code duplicate} (already sent), {@code retried}, {@code dead-lettered};
 * writes the one log line per decision; and publishes the same counts as Prometheus metrics
 * ({@code notifier_records_read_total}, ...; docs/operations.md lists them). Routes call {@link #sent} and
 * {@link #skipped} as bean steps.
 */
public class NotifierCounters {

    private static final Logger LOG = LoggerFactory.getLogger(NotifierCounters.class);

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    /** E-mails sent per minute over the last hour, all routes together (the status page's chart). */
    private final PerMinuteCounts sentPerMinute = new PerMinuteCounts(60, java.time.Clock.systemUTC());

    /** Counts kept in memory only (tests). */
    public NotifierCounters() {
        this(new SimpleMeterRegistry());
    }

    public NotifierCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a record handed to a route by the stream. */
    public void read(Exchange exchange) {
        increment(StreamHeaders.routeId(exchange), table(exchange), "read");
        counter("notifier.records.read", exchange).increment();
    }

    /** Logs and counts an e-mail that SES accepted, and the time since the record was written. */
    public void sent(Exchange exchange) {
        var in = exchange.getMessage();
        String routeId = StreamHeaders.routeId(exchange);
        increment(routeId, table(exchange), "sent");
        counter("notifier.emails.sent", exchange).increment();
        sentPerMinute.increment();
        Record record = exchange.getProperty(StreamHeaders.RECORD_PROPERTY, Record.class);
        if (record != null && record.dynamodb() != null && record.dynamodb().approximateCreationDateTime() != null) {
            Timer.builder("notifier.end.to.end")
                    .description("From the record's ApproximateCreationDateTime (rounded down to the minute by "
                            + "DynamoDB) to SES accepting the e-mail")
                    .tags("route", String.valueOf(routeId), "table", String.valueOf(table(exchange)))
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(Duration.between(record.dynamodb().approximateCreationDateTime(), Instant.now()));
        }
        LOG.info("sent route={} eventID={} seq={} to={} sesMessageId={}", routeId,
                in.getHeader(StreamHeaders.EVENT_ID), in.getHeader(StreamHeaders.SEQUENCE_NUMBER),
                in.getHeader(RecipientCheck.MASKED_RECIPIENT), in.getHeader(Ses2Constants.MESSAGE_ID));
    }

    /**
     * Logs and counts a notification another sink than SES delivered ({@code sns}, {@code slack}): outcome
     * {@code delivered.<sink>}, metric {@code notifier_notifications_delivered_total{sink}}.
     */
    public void delivered(Exchange exchange, String sink, String messageId) {
        var in = exchange.getMessage();
        String routeId = StreamHeaders.routeId(exchange);
        increment(routeId, table(exchange), "delivered." + sink);
        Counter.builder("notifier.notifications.delivered").tags("route", String.valueOf(routeId), "table",
                String.valueOf(table(exchange)), "sink", sink).register(registry).increment();
        LOG.info("delivered route={} eventID={} seq={} sink={} messageId={}", routeId,
                in.getHeader(StreamHeaders.EVENT_ID), in.getHeader(StreamHeaders.SEQUENCE_NUMBER), sink,
                messageId == null ? "-" : messageId);
    }

    /** Logs (at DEBUG) and counts a record whose event type the route does not notify. */
    public void skipped(Exchange exchange) {
        var in = exchange.getMessage();
        String routeId = StreamHeaders.routeId(exchange);
        String eventName = in.getHeader(StreamHeaders.EVENT_NAME, "UNKNOWN", String.class);
        increment(routeId, table(exchange), "skipped." + eventName);
        Counter.builder("notifier.records.filtered").tags("route", String.valueOf(routeId), "table",
                String.valueOf(table(exchange)), "event", eventName).register(registry).increment();
        LOG.debug("skipped route={} eventID={} seq={} event={}", routeId, in.getHeader(StreamHeaders.EVENT_ID),
                in.getHeader(StreamHeaders.SEQUENCE_NUMBER), eventName);
    }

    public void duplicate(Exchange exchange) {
        increment(StreamHeaders.routeId(exchange), table(exchange), "duplicate");
        counter("notifier.records.duplicate", exchange).increment();
    }

    public void retried(Exchange exchange) {
        increment(StreamHeaders.routeId(exchange), table(exchange), "retried");
        counter("notifier.send.retries", exchange).increment();
    }

    public void deadLettered(Exchange exchange) {
        increment(StreamHeaders.routeId(exchange), table(exchange), "dead-lettered");
        counter("notifier.records.dead.lettered", exchange).increment();
    }

    /** The count of one outcome of one route, e.g. {@code count("order-confirmation", "skipped.MODIFY")}. */
    public long count(String routeId, String outcome) {
        LongAdder adder = counts.get(routeId + "/" + outcome);
        return adder == null ? 0 : adder.sum();
    }

    /** E-mails sent per minute over the last hour, all routes together. */
    public PerMinuteCounts sentPerMinute() {
        return sentPerMinute;
    }

    /** All counts, keyed {@code route/outcome}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, adder) -> copy.put(key, adder.sum()));
        return copy;
    }

    private Counter counter(String name, Exchange exchange) {
        return Counter.builder(name).tags("route", String.valueOf(StreamHeaders.routeId(exchange)), "table",
                String.valueOf(table(exchange))).register(registry);
    }

    private static String table(Exchange exchange) {
        return exchange.getMessage().getHeader(StreamHeaders.TABLE, String.class);
    }

    private void increment(String routeId, String table, String outcome) {
        counts.computeIfAbsent(routeId + "/" + outcome, k -> new LongAdder()).increment();
    }
}

package io.streamnotifier;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.streamnotifier.mail.RecipientCheck;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.ses.Ses2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what became of each stream record, per route: {@code sent}, {@code skipped.<EVENT>} (records of event
 * types a route does not notify), {@code duplicate} (already sent) and {@code dead-lettered}; and writes the one
 * log line per decision. Routes call
 * {@link #sent} and {@link #skipped} as bean steps.
 */
public class NotifierCounters {

    private static final Logger LOG = LoggerFactory.getLogger(NotifierCounters.class);

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Logs and counts an e-mail that SES accepted. */
    public void sent(Exchange exchange) {
        var in = exchange.getMessage();
        String routeId = exchange.getFromRouteId();
        increment(routeId, "sent");
        LOG.info("sent route={} eventID={} seq={} to={} sesMessageId={}", routeId,
                in.getHeader(StreamHeaders.EVENT_ID), in.getHeader(StreamHeaders.SEQUENCE_NUMBER),
                in.getHeader(RecipientCheck.MASKED_RECIPIENT), in.getHeader(Ses2Constants.MESSAGE_ID));
    }

    /** Logs (at DEBUG) and counts a record whose event type the route does not notify. */
    public void skipped(Exchange exchange) {
        var in = exchange.getMessage();
        String routeId = exchange.getFromRouteId();
        String eventName = in.getHeader(StreamHeaders.EVENT_NAME, "UNKNOWN", String.class);
        increment(routeId, "skipped." + eventName);
        LOG.debug("skipped route={} eventID={} seq={} event={}", routeId, in.getHeader(StreamHeaders.EVENT_ID),
                in.getHeader(StreamHeaders.SEQUENCE_NUMBER), eventName);
    }

    public void duplicate(String routeId) {
        increment(routeId, "duplicate");
    }

    public void deadLettered(String routeId) {
        increment(routeId, "dead-lettered");
    }

    /** The count of one outcome of one route, e.g. {@code count("order-confirmation", "skipped.MODIFY")}. */
    public long count(String routeId, String outcome) {
        LongAdder adder = counts.get(routeId + "/" + outcome);
        return adder == null ? 0 : adder.sum();
    }

    /** All counts, keyed {@code route/outcome}. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, adder) -> copy.put(key, adder.sum()));
        return copy;
    }

    private void increment(String routeId, String outcome) {
        counts.computeIfAbsent(routeId + "/" + outcome, k -> new LongAdder()).increment();
    }
}

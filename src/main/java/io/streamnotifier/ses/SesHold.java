package io.streamnotifier.ses;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamnotifier.Masking;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit's side of {@link SesSender}: a record SES refuses for every send (or for its sender identity, or its
 * configuration set), or that failed while SES looks down, is held (tried again every probe interval, its shard not
 * read meanwhile) instead of dead-lettered, until a send works or the record is older than its maximum hold age.
 * <p>
 * Written by hand rather than with Resilience4j's circuit breaker: its state is per scope (the account, one sender
 * identity, one configuration set) and opens on the kind of SES's answer, not on a failure rate; while open, the
 * record is held with its shard's position rather than failed fast; and it is closed by any route's send that works.
 */
final class SesHold {

    private static final Logger LOG = LoggerFactory.getLogger(SesHold.class);
    /** How the circuit's reason starts when it was opened because SES looks down (not an account-wide refusal). */
    static final String UNAVAILABLE = "SES unavailable: ";
    /** How the circuit's scope of a configuration set starts (the set's name follows). */
    static final String CONFIGURATION_SET = "configuration set ";

    private final SesCircuit circuit;
    private final SendWaits waits;
    private final Duration probeInterval;
    private final Duration maxHoldAge;
    private final int outageAfterRecords;
    private final int maxRedeliveries;
    private final MeterRegistry registry;
    private final AtomicInteger failedRecordsInARow = new AtomicInteger();
    private volatile boolean holdWhenRefused = true;

    SesHold(SesCircuit circuit, SendWaits waits, Duration probeInterval, Duration maxHoldAge, int outageAfterRecords,
            int maxRedeliveries, MeterRegistry registry) {
        this.circuit = circuit;
        this.waits = waits;
        this.probeInterval = probeInterval;
        this.maxHoldAge = maxHoldAge;
        this.outageAfterRecords = outageAfterRecords;
        this.maxRedeliveries = maxRedeliveries;
        this.registry = registry;
    }

    void setHoldWhenRefused(boolean holdWhenRefused) {
        this.holdWhenRefused = holdWhenRefused;
    }

    /** A send from {@code from} (with the configuration set, or null) worked: closes their circuits. */
    void accepted(String from, String configurationSet) {
        failedRecordsInARow.set(0);
        boolean closed = circuit.closeFor(from);
        closed |= configurationSet != null && circuit.closeFor(CONFIGURATION_SET + configurationSet);
        if (closed) {
            LOG.info("SES accepts sends from {} again: circuit closed for it, reading the stream again",
                    Masking.maskEmail(from));
        }
    }

    /** SES answered (throttling, or a rejection of the message): it is up, whatever it thinks of this message. */
    void answered(String code) {
        failedRecordsInARow.set(0);
        if (circuit.closeIf(UNAVAILABLE)) {
            LOG.info("SES answers again ({}): circuit closed, reading the stream again", code);
        }
    }

    /**
     * SES refused every send, or the sender's, or the configuration set's: opens the circuit for that scope and holds
     * the record for a probe interval (or hands it back at once, when refusals are not held).
     */
    void refused(Exchange exchange, String route, String from, String configurationSet, Exception failure,
            String code) throws Exception {
        if (!holdWhenRefused) {
            throw new SendHeldException("not sent: SES refuses every send (" + code + "); kept as it was");
        }
        // a refusal of the sender identity (or of the configuration set) holds the routes that use it; others go on
        String scope;
        String what;
        if (SesFailure.concernsSender(failure)) {
            scope = from;
            what = "sends from " + Masking.maskEmail(from);
        } else if (configurationSet != null && SesFailure.concernsConfigurationSet(failure)) {
            scope = CONFIGURATION_SET + configurationSet;
            what = "sends with the " + scope;
        } else {
            scope = SesCircuit.ACCOUNT;
            what = "every send";
        }
        boolean opening = !circuit.scopes().containsKey(scope);
        circuit.open(scope, "SES refuses " + what + ": " + code + " (" + Masking.reason(failure) + ")");
        if (opening) {
            LOG.warn("SES refuses {} ({}): circuit open; the routes sending {} hold their record (their stream is not "
                    + "read) until a send works, trying again every {} ms; a record held past {} s is dead-lettered",
                    what, Masking.reason(failure), scope.equals(SesCircuit.ACCOUNT) ? "through SES"
                            : scope.equals(from) ? "from it" : "with it",
                    probeInterval.toMillis(), maxHoldAge.toSeconds());
        }
        hold(route, scope);
        checkHoldAge(exchange, "while SES refused " + what + " (" + code + ")");
        waits.pause(exchange, probeInterval, "SES refused " + what + " (" + code + ")");
    }

    /**
     * A transient failure: when it means SES is down ({@link #sesDown}), opens the circuit and holds the record for
     * a probe interval, and returns true; else returns false, for the dead-letter channel's redeliveries.
     */
    boolean heldAsDown(Exchange exchange, String route, Exception failure, String code) throws Exception {
        if (!sesDown(exchange)) {
            return false;
        }
        boolean opening = !circuit.isOpen();
        circuit.open(UNAVAILABLE + outageAfterRecords + " records in a row failed every attempt, the last with " + code
                + " (" + Masking.reason(failure) + ")");
        if (opening) {
            LOG.warn("SES looks down ({}; {} records in a row used up their retries): circuit open; eventID={} is "
                    + "held, the stream is not read and nothing more is dead-lettered until a send works; trying "
                    + "again every {} ms", code, outageAfterRecords,
                    exchange.getMessage().getHeader(StreamHeaders.EVENT_ID), probeInterval.toMillis());
        }
        hold(route, SesCircuit.ACCOUNT);
        checkHoldAge(exchange, "while SES was down (" + code + ")");
        waits.pause(exchange, probeInterval, "SES was down (" + code + ")");
        return true;
    }

    /**
     * Whether this transient failure means SES is down: it ends the last attempt the dead-letter channel allows this
     * record, and the records before it ended the same way, {@code outageAfterRecords} in all, with nothing accepted
     * in between. Once the circuit is open for that reason, every further transient failure holds its record too.
     */
    private boolean sesDown(Exchange exchange) {
        if (outageAfterRecords <= 0) {
            return false;
        }
        if (circuit.isOpenWithReason(UNAVAILABLE)) {
            return true;
        }
        // the dead-letter channel sets these headers from the first redelivery on; before that, this is attempt 0
        Integer attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer max = exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        boolean lastAttempt = (attempt == null ? 0 : attempt) >= (max == null ? maxRedeliveries : max);
        return lastAttempt && failedRecordsInARow.incrementAndGet() >= outageAfterRecords;
    }

    /**
     * The route holds its record for the circuit's {@code scope}: its hold counts from when that scope opened (a
     * route whose held record was dead-lettered at its maximum age and that holds the next one is held since then).
     */
    private void hold(String route, String scope) {
        SesCircuit.Opened opened = circuit.scopes().get(scope);
        circuit.holding(route, opened == null ? waits.clock().instant() : opened.since());
        Gauge.builder("notifier.ses.held.seconds", circuit, c -> {
            Instant since = c.heldSince(route);
            return since == null ? 0 : Duration.between(since, waits.clock().instant()).toMillis() / 1000.0;
        }).description("How long the route has been holding a record that SES refuses (or SES being down), in "
                + "seconds; 0 when it holds none").tag("route", route).register(registry);
    }

    /** A held record older than its maximum hold age is dead-lettered (its stream must not be held for ever). */
    private void checkHoldAge(Exchange exchange, String when) throws Exception {
        waits.checkAge(exchange, maxHoldAge, "held too long: ", "the maximum age of a held record ("
                + maxHoldAge.toSeconds() + " s, notifier.ses.max-hold-age-seconds), " + when);
    }
}

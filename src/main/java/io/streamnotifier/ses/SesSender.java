package io.streamnotifier.ses;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.streamnotifier.Masking;
import io.streamnotifier.RecordAgeCheck;
import io.streamnotifier.RecordExpiredException;
import io.streamnotifier.stream.StreamHeaders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one step that sends to SES ({@code process: ref: sesSender} in a route): it hands the exchange to the
 * {@code aws2-ses} endpoint and answers each kind of failure ({@link SesFailure}) its own way.
 * <ul>
 * <li>Every send takes a slot of the shared {@link SendRateLimiter} first.</li>
 * <li>Throttling: waits (jittered exponential backoff up to {@code throttleMaxDelay}) and sends again, as long as
 * the record is younger than its maximum age; the dead-letter channel's retry budget is not touched.</li>
 * <li>Account-wide refusal: opens the {@link SesCircuit} and holds the record, trying it again every probe
 * interval; the shard's reader waits meanwhile, so the stream is not read and its position not moved. A refusal
 * that concerns the sender identity (access denied, not verified) opens the circuit for that sender only: the routes
 * sending from another identity go on. The first send that works closes the circuit (its sender's, and the
 * account's). A held record is dead-lettered once it is older than {@code maxHoldAge} (1 h by default), so a
 * refusal never holds a shard until the stream trims what is behind it.</li>
 * <li>Permanent refusal: {@link SesRejectedException}, which the routes dead-letter at once.</li>
 * <li>Transient failure: thrown as it is, for the dead-letter channel's redeliveries.</li>
 * <li>SES down: when {@code outageAfterRecords} records in a row have used up their retries on transient failures,
 * with nothing accepted in between, SES itself is taken to be down (unreachable, or failing every send), not the
 * message: the circuit opens and the last record is held as for an account-wide refusal, instead of dead-lettering
 * every record read until SES is back. A held record still expires at its maximum hold age.</li>
 * </ul>
 * A record held when the service stops ends in {@link SendHeldException}: neither sent nor dead-lettered, read again
 * at the next start.
 */
public class SesSender implements Processor, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(SesSender.class);
    private static final Duration STREAM_RETENTION = Duration.ofHours(24);
    /** How the circuit's reason starts when it was opened because SES looks down (not an account-wide refusal). */
    static final String UNAVAILABLE = "SES unavailable: ";

    private final String endpointUri;
    private final String sender;
    private final SendRateLimiter limiter;
    private final SesCircuit circuit;
    private final Duration throttleMaxDelay;
    private final Duration probeInterval;
    private final Duration maxRecordAge;
    /** How old a record held by the circuit may get before it is dead-lettered. */
    private final Duration maxHoldAge;
    private final int outageAfterRecords;
    private final int maxRedeliveries;
    private final AtomicInteger failedRecordsInARow = new AtomicInteger();
    private final Clock clock;
    private final MeterRegistry registry;
    private CamelContext context;
    private volatile Producer producer;
    private volatile boolean holdWhenRefused = true;

    public SesSender(String endpointUri, String sender, SendRateLimiter limiter, SesCircuit circuit,
            Duration throttleMaxDelay, Duration probeInterval, Duration maxRecordAge, int outageAfterRecords,
            int maxRedeliveries, Clock clock, MeterRegistry registry) {
        this(endpointUri, sender, limiter, circuit, throttleMaxDelay, probeInterval, maxRecordAge, Duration.ZERO,
                outageAfterRecords, maxRedeliveries, clock, registry);
    }

    /**
     * {@code maxHoldAge}: a record the circuit holds (SES refusing every send or its sender's, or SES down) is
     * dead-lettered once it is older than this, or than {@code maxRecordAge} if that is smaller (0: neither
     * limit, the stream's 24 hours).
     */
    public SesSender(String endpointUri, String sender, SendRateLimiter limiter, SesCircuit circuit,
            Duration throttleMaxDelay, Duration probeInterval, Duration maxRecordAge, Duration maxHoldAge,
            int outageAfterRecords, int maxRedeliveries, Clock clock, MeterRegistry registry) {
        this.endpointUri = endpointUri;
        this.sender = sender;
        this.limiter = limiter;
        this.circuit = circuit;
        this.throttleMaxDelay = throttleMaxDelay;
        this.probeInterval = probeInterval;
        this.maxRecordAge = maxRecordAge.isZero() || maxRecordAge.isNegative() ? STREAM_RETENTION : maxRecordAge;
        Duration hold = maxHoldAge.isZero() || maxHoldAge.isNegative() ? STREAM_RETENTION : maxHoldAge;
        this.maxHoldAge = hold.compareTo(this.maxRecordAge) < 0 ? hold : this.maxRecordAge;
        this.outageAfterRecords = outageAfterRecords;
        this.maxRedeliveries = maxRedeliveries;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * Whether an account-wide refusal holds the record until SES accepts again (the service), or hands it back at
     * once with {@link SendHeldException} (the {@code replay} command, which should end and keep the dead letter).
     */
    public void setHoldWhenRefused(boolean holdWhenRefused) {
        this.holdWhenRefused = holdWhenRefused;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String route = String.valueOf(StreamHeaders.routeId(exchange));
        try {
            send(exchange, route, senderOf(exchange));
        } finally {
            // sent, dead-lettered (past its maximum age too) or handed back: the route holds nothing now
            circuit.released(route);
        }
    }

    private void send(Exchange exchange, String route, String from) throws Exception {
        Duration backoff = throttleMaxDelay.compareTo(Duration.ofMillis(200)) < 0 ? throttleMaxDelay
                : Duration.ofMillis(200);
        while (true) {
            checkLease(exchange);
            limiter.acquire();
            long started = System.nanoTime();
            Exception failure = sendOnce(exchange);
            SesFailure kind = failure == null ? null : SesFailure.of(failure, from);
            String outcome = kind == null ? "accepted" : kind.name().toLowerCase(Locale.ROOT);
            Timer.builder("notifier.ses.send").description("SES SendRawEmail calls, by route, table and outcome")
                    .tags("route", String.valueOf(StreamHeaders.routeId(exchange)), "table",
                            String.valueOf(exchange.getMessage().getHeader(StreamHeaders.TABLE)), "outcome", outcome)
                    .publishPercentileHistogram().register(registry)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (failure == null) {
                failedRecordsInARow.set(0);
                if (circuit.closeFor(from)) {
                    LOG.info("SES accepts sends from {} again: circuit closed for it, reading the stream again",
                            Masking.maskEmail(from));
                }
                return;
            }
            String code = SesFailure.code(failure);
            if (kind == SesFailure.THROTTLING || kind == SesFailure.PERMANENT) {
                // SES answered: it is up, whatever it thinks of this message
                failedRecordsInARow.set(0);
                if (circuit.closeIf(UNAVAILABLE)) {
                    LOG.info("SES answers again ({}): circuit closed, reading the stream again", code);
                }
            }
            switch (kind) {
                case THROTTLING -> {
                    checkAge(exchange, "while SES was throttling");
                    Duration pause = jitter(backoff);
                    LOG.info("SES throttles ({}); sending eventID={} again in {} ms", code,
                            exchange.getMessage().getHeader(StreamHeaders.EVENT_ID), pause.toMillis());
                    pause(exchange, pause, "SES was throttling");
                    backoff = backoff.multipliedBy(2).compareTo(throttleMaxDelay) > 0 ? throttleMaxDelay
                            : backoff.multipliedBy(2);
                }
                case ACCOUNT -> {
                    if (!holdWhenRefused) {
                        throw new SendHeldException("not sent: SES refuses every send (" + code + "); kept as it was");
                    }
                    // a refusal of the sender identity holds the routes that send from it; the others go on
                    boolean forSender = SesFailure.concernsSender(failure);
                    String scope = forSender ? from : SesCircuit.ACCOUNT;
                    String what = forSender ? "sends from " + Masking.maskEmail(from) : "every send";
                    boolean opening = !circuit.scopes().containsKey(scope);
                    circuit.open(scope, "SES refuses " + what + ": " + code + " (" + Masking.reason(failure) + ")");
                    if (opening) {
                        LOG.warn("SES refuses {} ({}): circuit open; the routes sending {} hold their record (their "
                                + "stream is not read) until a send works, trying again every {} ms; a record held "
                                + "past {} s is dead-lettered", what, Masking.reason(failure),
                                forSender ? "from it" : "through SES", probeInterval.toMillis(),
                                maxHoldAge.toSeconds());
                    }
                    hold(route, scope);
                    checkHoldAge(exchange, "while SES refused " + what + " (" + code + ")");
                    pause(exchange, probeInterval, "SES refused " + what + " (" + code + ")");
                }
                case PERMANENT -> throw new SesRejectedException(code, Masking.maskEmailsIn(message(failure)));
                default -> {
                    if (!sesDown(exchange)) {
                        throw failure;
                    }
                    boolean opening = !circuit.isOpen();
                    circuit.open(UNAVAILABLE + outageAfterRecords + " records in a row failed every attempt, the last "
                            + "with " + code + " (" + Masking.reason(failure) + ")");
                    if (opening) {
                        LOG.warn("SES looks down ({}; {} records in a row used up their retries): circuit open; "
                                + "eventID={} is held, the stream is not read and nothing more is dead-lettered "
                                + "until a send works; trying again every {} ms", code, outageAfterRecords,
                                exchange.getMessage().getHeader(StreamHeaders.EVENT_ID), probeInterval.toMillis());
                    }
                    hold(route, SesCircuit.ACCOUNT);
                    checkHoldAge(exchange, "while SES was down (" + code + ")");
                    pause(exchange, probeInterval, "SES was down (" + code + ")");
                }
            }
        }
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
        circuit.holding(route, opened == null ? clock.instant() : opened.since());
        Gauge.builder("notifier.ses.held.seconds", circuit, c -> {
            Instant since = c.heldSince(route);
            return since == null ? 0 : Duration.between(since, clock.instant()).toMillis() / 1000.0;
        }).description("How long the route has been holding a record that SES refuses (or SES being down), in "
                + "seconds; 0 when it holds none").tag("route", route).register(registry);
    }

    /** A held record older than its maximum hold age is dead-lettered (its stream must not be held for ever). */
    private void checkHoldAge(Exchange exchange, String when) throws RecordExpiredException {
        if (exchange.getProperty(StreamHeaders.REPLAYED_PROPERTY) != null) {
            return;
        }
        Duration age = RecordAgeCheck.age(exchange, clock);
        if (age != null && age.compareTo(maxHoldAge) > 0) {
            throw new RecordExpiredException("held too long: the record is " + age.toSeconds() + " s old, more than "
                    + "the maximum age of a held record (" + maxHoldAge.toSeconds() + " s, "
                    + "notifier.ses.max-hold-age-seconds), " + when);
        }
    }

    /** The From address of the exchange's e-mail (the route's sender), or the configured sender. */
    private String senderOf(Exchange exchange) {
        String from = exchange.getMessage().getHeader("CamelAwsSesFrom", String.class);
        if (from == null || from.isBlank()) {
            return sender;
        }
        try {
            return new jakarta.mail.internet.InternetAddress(from).getAddress();
        } catch (jakarta.mail.internet.AddressException e) {
            return from.trim();
        }
    }

    /** Sends once through the aws2-ses endpoint; returns the failure, if any, with the exchange left clean. */
    private Exception sendOnce(Exchange exchange) {
        try {
            producer().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        exchange.setException(null);
        return failure;
    }

    private Producer producer() throws Exception {
        Producer current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    Producer created = context.getEndpoint(endpointUri).createProducer();
                    created.start();
                    producer = created;
                }
                current = producer;
            }
        }
        return current;
    }

    private void checkAge(Exchange exchange, String when) throws RecordExpiredException {
        if (exchange.getProperty(StreamHeaders.REPLAYED_PROPERTY) != null) {
            return; // a replayed dead letter is old by definition; its stream's 24 hours no longer matter
        }
        Duration age = RecordAgeCheck.age(exchange, clock);
        if (age != null && age.compareTo(maxRecordAge) > 0) {
            throw new RecordExpiredException("the record is " + age.toSeconds() + " s old, more than its maximum age of "
                    + maxRecordAge.toSeconds() + " s, " + when);
        }
    }

    /** Waits, unless the service is stopping: then the record is held back for the next start. */
    private void pause(Exchange exchange, Duration pause, String why) throws SendHeldException {
        Instant until = clock.instant().plus(pause);
        while (clock.instant().isBefore(until)) {
            if (exchange.getContext().isStopping() || exchange.getContext().isStopped()) {
                throw new SendHeldException("not sent: the service is stopping and " + why
                        + "; the record is read again at the next start");
            }
            checkLease(exchange);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(200, Duration.between(clock.instant(),
                    until).toMillis() + 1)));
        }
    }

    /** Holds the record back once this worker no longer holds its shard's lease (StreamHeaders.LEASE_PROPERTY). */
    private static void checkLease(Exchange exchange) throws SendHeldException {
        if (exchange.getProperty(StreamHeaders.LEASE_PROPERTY) instanceof java.util.function.BooleanSupplier lease
                && !lease.getAsBoolean()) {
            throw new SendHeldException("not sent: the lease of its shard is no longer this worker's; the shard's "
                    + "next owner sends it");
        }
    }

    private static Duration jitter(Duration backoff) {
        double factor = 0.85 + ThreadLocalRandom.current().nextDouble() * 0.3;
        return Duration.ofMillis((long) (backoff.toMillis() * factor));
    }

    private static String message(Exception failure) {
        if (failure instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        return String.valueOf(failure.getMessage());
    }
}

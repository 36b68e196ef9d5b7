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
 * interval; the shard's reader waits meanwhile, so the stream is not read and its position not moved. The first
 * send that works closes the circuit.</li>
 * <li>Permanent refusal: {@link SesRejectedException}, which the routes dead-letter at once.</li>
 * <li>Transient failure: thrown as it is, for the dead-letter channel's redeliveries.</li>
 * <li>SES down: when {@code outageAfterRecords} records in a row have used up their retries on transient failures,
 * with nothing accepted in between, SES itself is taken to be down (unreachable, or failing every send), not the
 * message: the circuit opens and the last record is held as for an account-wide refusal, instead of dead-lettering
 * every record read until SES is back. A held record still expires at its maximum age.</li>
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
        this.endpointUri = endpointUri;
        this.sender = sender;
        this.limiter = limiter;
        this.circuit = circuit;
        this.throttleMaxDelay = throttleMaxDelay;
        this.probeInterval = probeInterval;
        this.maxRecordAge = maxRecordAge.isZero() || maxRecordAge.isNegative() ? STREAM_RETENTION : maxRecordAge;
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
        Duration backoff = throttleMaxDelay.compareTo(Duration.ofMillis(200)) < 0 ? throttleMaxDelay
                : Duration.ofMillis(200);
        while (true) {
            checkLease(exchange);
            limiter.acquire();
            long started = System.nanoTime();
            Exception failure = send(exchange);
            SesFailure kind = failure == null ? null : SesFailure.of(failure, sender);
            String outcome = kind == null ? "accepted" : kind.name().toLowerCase(Locale.ROOT);
            Timer.builder("notifier.ses.send").description("SES SendRawEmail calls, by route, table and outcome")
                    .tags("route", String.valueOf(StreamHeaders.routeId(exchange)), "table",
                            String.valueOf(exchange.getMessage().getHeader(StreamHeaders.TABLE)), "outcome", outcome)
                    .publishPercentileHistogram().register(registry)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (failure == null) {
                failedRecordsInARow.set(0);
                if (circuit.isOpen()) {
                    circuit.close();
                    LOG.info("SES accepts sends again: circuit closed, reading the stream again");
                }
                return;
            }
            String code = SesFailure.code(failure);
            if (kind == SesFailure.THROTTLING || kind == SesFailure.PERMANENT) {
                // SES answered: it is up, whatever it thinks of this message
                failedRecordsInARow.set(0);
                if (circuit.isOpenFor(UNAVAILABLE)) {
                    circuit.close();
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
                    boolean opening = !circuit.isOpen();
                    circuit.open("SES refuses every send: " + code + " (" + Masking.reason(failure) + ")");
                    if (opening) {
                        LOG.warn("SES refuses every send ({}): circuit open; the stream is not read and nothing is "
                                + "dead-lettered until a send works; trying again every {} ms", Masking.reason(failure),
                                probeInterval.toMillis());
                    }
                    pause(exchange, probeInterval, "SES refused every send (" + code + ")");
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
                    checkAge(exchange, "while SES was down");
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
        if (circuit.isOpenFor(UNAVAILABLE)) {
            return true;
        }
        // the dead-letter channel sets these headers from the first redelivery on; before that, this is attempt 0
        Integer attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer max = exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        boolean lastAttempt = (attempt == null ? 0 : attempt) >= (max == null ? maxRedeliveries : max);
        return lastAttempt && failedRecordsInARow.incrementAndGet() >= outageAfterRecords;
    }

    /** Sends once through the aws2-ses endpoint; returns the failure, if any, with the exchange left clean. */
    private Exception send(Exchange exchange) {
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

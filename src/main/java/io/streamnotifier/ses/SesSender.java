package io.streamnotifier.ses;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamnotifier.Masking;
import io.streamnotifier.ses.v2.SesV2Constants;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one step that sends to SES ({@code process: ref: sesSender} in a route): it sets the e-mail's message tags
 * ({@link MessageTags}), hands the exchange to the endpoint of {@code notifier.ses.endpoint-uri} (the service's
 * {@code ses-v2} endpoint) and answers each kind of failure ({@link SesFailure}) its own way.
 * <ul>
 * <li>Every send takes a slot of the shared {@link SendRateLimiter} first.</li>
 * <li>Throttling: waits (jittered exponential backoff up to {@code throttleMaxDelay}) and sends again, as long as
 * the record is younger than its maximum age; the dead-letter channel's retry budget is not touched
 * ({@link SendWaits}).</li>
 * <li>Account-wide refusal: opens the {@link SesCircuit} and holds the record, trying it again every probe
 * interval; the shard's reader waits meanwhile, so the stream is not read and its position not moved. A refusal
 * that concerns the sender identity (access denied, not verified) or the configuration set (it does not exist) opens
 * the circuit for that sender or set only: the routes sending otherwise go on. The first send that works closes the
 * circuit (its sender's and set's, and the account's). A held record is dead-lettered once it is older than
 * {@code maxHoldAge} (1 h by default), so a refusal never holds a shard until the stream trims what is behind it
 * ({@link SesHold}).</li>
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

    private final String endpointUri;
    private final String sender;
    private final SendRateLimiter limiter;
    private final SesCircuit circuit;
    private final SendWaits waits;
    private final SesHold hold;
    private final MeterRegistry registry;
    private CamelContext context;
    private volatile Producer producer;

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
        this.registry = registry;
        Duration recordAge = maxRecordAge.isZero() || maxRecordAge.isNegative() ? STREAM_RETENTION : maxRecordAge;
        Duration holdAge = maxHoldAge.isZero() || maxHoldAge.isNegative() ? STREAM_RETENTION : maxHoldAge;
        this.waits = new SendWaits(clock, throttleMaxDelay, recordAge);
        this.hold = new SesHold(circuit, waits, probeInterval, holdAge.compareTo(recordAge) < 0 ? holdAge : recordAge,
                outageAfterRecords, maxRedeliveries, registry);
    }

    /**
     * Whether an account-wide refusal holds the record until SES accepts again (the service), or hands it back at
     * once with {@link SendHeldException} (the {@code replay} command, which should end and keep the dead letter).
     */
    public void setHoldWhenRefused(boolean holdWhenRefused) {
        hold.setHoldWhenRefused(holdWhenRefused);
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
            MessageTags.apply(exchange);
            send(exchange, route, senderOf(exchange), configurationSetOf(exchange));
        } finally {
            // sent, dead-lettered (past its maximum age too) or handed back: the route holds nothing now
            circuit.released(route);
        }
    }

    private void send(Exchange exchange, String route, String from, String configurationSet) throws Exception {
        Duration backoff = waits.firstBackoff();
        while (true) {
            SendWaits.checkLease(exchange);
            limiter.acquire();
            long started = System.nanoTime();
            Exception failure = sendOnce(exchange);
            SesFailure kind = failure == null ? null : SesFailure.of(failure, from);
            Timer.builder("notifier.ses.send").description("SES SendEmail calls, by route, table and outcome")
                    .tags("route", route, "table", String.valueOf(exchange.getMessage().getHeader(StreamHeaders.TABLE)),
                            "outcome", kind == null ? "accepted" : kind.name().toLowerCase(Locale.ROOT))
                    .publishPercentileHistogram().register(registry)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (failure == null) {
                hold.accepted(from, configurationSet);
                return;
            }
            String code = SesFailure.code(failure);
            switch (kind) {
                case THROTTLING -> {
                    hold.answered(code);
                    waits.checkAge(exchange, "while SES was throttling");
                    Duration pause = SendWaits.jitter(backoff);
                    LOG.info("SES throttles ({}); sending eventID={} again in {} ms", code,
                            exchange.getMessage().getHeader(StreamHeaders.EVENT_ID), pause.toMillis());
                    waits.pause(exchange, pause, "SES was throttling");
                    backoff = waits.next(backoff);
                }
                case ACCOUNT -> hold.refused(exchange, route, from, configurationSet, failure, code);
                case PERMANENT -> {
                    hold.answered(code);
                    throw new SesRejectedException(code, Masking.maskEmailsIn(message(failure)));
                }
                default -> {
                    if (!hold.heldAsDown(exchange, route, failure, code)) {
                        throw failure;
                    }
                }
            }
        }
    }

    /** The From address of the exchange's e-mail (the route's sender), or the configured sender. */
    private String senderOf(Exchange exchange) {
        String from = exchange.getMessage().getHeader(SesV2Constants.FROM, String.class);
        if (from == null || from.isBlank()) {
            return sender;
        }
        try {
            return new jakarta.mail.internet.InternetAddress(from).getAddress();
        } catch (jakarta.mail.internet.AddressException e) {
            return from.trim();
        }
    }

    private static String configurationSetOf(Exchange exchange) {
        String set = exchange.getMessage().getHeader(SesV2Constants.CONFIGURATION_SET, String.class);
        return set == null || set.isBlank() ? null : set.trim();
    }

    /** Sends once through the endpoint; returns the failure, if any, with the exchange left clean. */
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

    private static String message(Exception failure) {
        if (failure instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        return String.valueOf(failure.getMessage());
    }
}

package io.streamnotifier.stream.kcl;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.RouteController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Hands one record to the consumer's route and waits until its exchange has completed (sent, skipped or
 * dead-lettered): a record failing even so is tried again, holding its shard; a record is held while the
 * notification route it feeds is stopped; a record the route held back (stopping, a lost lease) stops its batch.
 */
final class RecordRouter {

    /** The consumer's lines, under its name. */
    private static final Logger LOG = LoggerFactory.getLogger(DdbStreamConsumer.class);

    private final DdbStreamConsumer consumer;
    /** The notification route this reader feeds (the Kamelet's parentRouteId; empty for none), found at first use. */
    private volatile Optional<String> notificationRoute;

    RecordRouter(DdbStreamConsumer consumer) {
        this.consumer = consumer;
    }

    /**
     * Routes one record, with its coordinates in the logging context, and returns once its exchange has completed;
     * false if it stopped first (the batch must then not be checkpointed).
     */
    boolean route(Record record, String shardId, Set<String> knownDone) {
        // the record's coordinates for every log line written while it is routed (JSON logs show them as fields)
        MDC.put("table", consumer.getEndpoint().getTableName());
        MDC.put("shard", shardId);
        MDC.put("eventID", record.eventID());
        MDC.put("sequenceNumber", record.dynamodb() == null ? null : record.dynamodb().sequenceNumber());
        try {
            return routeUntilDone(record, shardId, knownDone);
        } finally {
            MDC.remove("table");
            MDC.remove("shard");
            MDC.remove("eventID");
            MDC.remove("sequenceNumber");
        }
    }

    /**
     * An exchange that fails even so (the dead-letter store itself failed) is tried again with a growing pause,
     * holding its shard, so the record is never skipped; the stream keeps it for 24 hours.
     */
    private boolean routeUntilDone(Record record, String shardId, Set<String> knownDone) {
        Duration pause = Duration.ofSeconds(1);
        boolean first = true;
        while (true) {
            if (!awaitNotificationRoute(record, shardId)) {
                return false;
            }
            Exchange exchange = consumer.createExchange(false);
            if (first && knownDone != null) {
                // only the first attempt: a retry asks again, the record may have been sent meanwhile
                exchange.setProperty(BatchLookup.KNOWN_DONE, knownDone.contains(record.eventID()));
            }
            first = false;
            exchange.getMessage().setBody(record);
            exchange.getMessage().setHeader(DdbStreamConstants.TABLE, consumer.getEndpoint().getTableName());
            exchange.getMessage().setHeader(DdbStreamConstants.SHARD_ID, shardId);
            // asked by the sink before each attempt: a retry after a pause must not send what another worker owns
            exchange.setProperty(StreamHeaders.LEASE_PROPERTY, (BooleanSupplier) () -> consumer.leaseHeld(shardId));
            try {
                consumer.getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            Exception failure = exchange.getException();
            Object held = exchange.getProperty(StreamHeaders.HELD_PROPERTY);
            consumer.releaseExchange(exchange, false);
            if (held != null) {
                // neither sent nor dead-lettered (stopping, or the lease was lost): no checkpoint past it
                if (!consumer.isRunAllowed() || consumer.stopping()) {
                    LOG.info("eventID={} held back while stopping: the shard is not checkpointed past it, it is read "
                            + "again at the next start", record.eventID());
                } else {
                    LOG.info("eventID={} held back ({}): the shard is not checkpointed past it, its next owner reads "
                            + "it from the last checkpoint", record.eventID(), held);
                }
                return false;
            }
            if (failure == null) {
                return true;
            }
            LOG.error("route could not complete eventID={} seq={} shard={} ({}); holding the shard and trying again "
                    + "in {} s", record.eventID(), record.dynamodb() == null ? null : record.dynamodb().sequenceNumber(),
                    shardId, LogSafe.reason(failure), pause.toSeconds());
            if (!consumer.isRunAllowed()) {
                return false;
            }
            LockSupport.parkNanos(pause.toNanos());
            if (!consumer.mayRetry(shardId)) {
                return false;
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1)
                    : pause.multipliedBy(2);
        }
    }

    /**
     * Holds the record while the notification route this reader feeds is stopped or suspended (an operator stopped
     * it through JMX or the route controller; this reader's own route keeps running): handed on, it would wait in
     * {@code kamelet:sink} for a consumer, then fail and be dead-lettered. Returns true once the route runs (or when
     * there is none), false if the consumer stops or the shard's lease is lost meanwhile (nothing checkpointed).
     */
    private boolean awaitNotificationRoute(Record record, String shardId) {
        String route = notificationRouteId();
        if (route == null) {
            return true;
        }
        RouteController routes = consumer.getEndpoint().getCamelContext().getRouteController();
        ServiceStatus status = routes.getRouteStatus(route);
        if (status == null || status.isStarted()) {
            return true;
        }
        LOG.warn("route {} is {}: its stream reader holds eventID={} of shard {}, neither sent nor dead-lettered, "
                + "until the route is started again", route, status, record.eventID(), shardId);
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            status = routes.getRouteStatus(route);
            if (status == null || status.isStarted()) {
                LOG.info("route {} runs again: handing it eventID={}", route, record.eventID());
                return true;
            }
            if (!consumer.mayRetry(shardId)) {
                return false;
            }
        }
    }

    /** The route whose Kamelet reads the stream for it (the Kamelet's parentRouteId), or null. */
    private String notificationRouteId() {
        Optional<String> known = notificationRoute;
        if (known == null) {
            Route route = consumer.getRoute();
            String parent = route == null ? null
                    : KameletRoutes.parentRouteId(consumer.getEndpoint().getCamelContext(), route);
            known = Optional.ofNullable(parent);
            notificationRoute = known;
        }
        return known.orElse(null);
    }
}

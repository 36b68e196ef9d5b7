package io.streamnotifier.idempotency;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.streamnotifier.Masking;
import io.streamnotifier.NotifierCounters;
import io.streamnotifier.ses.SendHeldException;
import io.streamnotifier.stream.StreamHeaders;
import io.streamnotifier.stream.StreamRoutes;
import io.streamnotifier.stream.kcl.BatchEnd;
import io.streamnotifier.stream.kcl.BatchLookup;
import io.streamnotifier.stream.kcl.DdbStreamConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.aws2.ses.Ses2Constants;
import org.apache.camel.component.aws2.sns.Sns2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The route steps around a sink's send that make it happen once per route and record: {@link #alreadySent} (a
 * filter before the message is made) and {@link #markSent} (right after the sink accepted it: SES, SNS or Slack).
 * Entries are keyed by the notification's route id ({@link StreamHeaders#routeId}) and the record's eventID, so two
 * routes on the same records each deliver each record once. With no store configured every record counts as new.
 * <p>
 * The send-once table failing (throttled, down, a permission missing) never turns into a dead letter or a second
 * send: the look-up and the mark are tried again, with a growing pause (up to {@value #MAX_PAUSE_MS} ms), until they
 * work, holding the record and so its shard. When the service stops meanwhile, a record not sent yet is handed back
 * ({@link SendHeldException}: neither dead-lettered nor checkpointed, read again at the next start), and a record
 * already delivered completes without its entry: the stream position is saved past it at the stop, so it is not
 * read, nor sent, again (unless that save fails or a crash comes first).
 * <p>
 * As the stream consumer's {@link BatchLookup} it looks a whole GetRecords batch up at once (one BatchGetItem
 * instead of one GetItem per record) for the route that reads it; {@link #alreadySent} then takes the answer from
 * the exchange. The mark is still written per record, right after the sink accepted it: in place, or, with an
 * executor for the marks ({@code notifier.idempotency.overlap-mark}), while the shard's next record is sent
 * ({@link MarkPipeline}); as the consumer's {@link BatchEnd} it then waits for the shard's last mark before the
 * batch may be checkpointed.
 */
public class SendOnce implements BatchLookup, BatchEnd, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(SendOnce.class);
    static final long FIRST_PAUSE_MS = 100;
    static final long MAX_PAUSE_MS = 5000;

    private final SentStore store;
    private final NotifierCounters counters;
    private final MarkPipeline marks;
    private CamelContext context;
    /** Reader route id (a Kamelet's generated route) to the notification route it feeds. */
    private final Map<String, String> notificationRoutes = new ConcurrentHashMap<>();

    /** Each mark written in place, before the record completes. */
    public SendOnce(SentStore store, NotifierCounters counters) {
        this(store, counters, null);
    }

    /** @param markExecutor writes each mark while the shard's next record is sent; null: in place */
    public SendOnce(SentStore store, NotifierCounters counters, Executor markExecutor) {
        this.store = store;
        this.counters = counters;
        this.marks = new MarkPipeline(markExecutor);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** True, counted and logged, when this route already delivered this record's eventID. */
    public boolean alreadySent(Exchange exchange) throws SendHeldException {
        if (store == null) {
            return false;
        }
        String route = StreamHeaders.routeId(exchange);
        String eventId = exchange.getMessage().getHeader(StreamHeaders.EVENT_ID, String.class);
        Boolean known = exchange.getProperty(KNOWN_DONE, Boolean.class);
        boolean sent;
        try {
            sent = known != null ? known
                    : persistently(exchange.getContext(), "look-up", route, eventId,
                            () -> store.wasSent(route, eventId));
        } catch (Stopping e) {
            throw new SendHeldException("not sent: the service is stopping while " + e.getMessage()
                    + "; the record is read again at the next start");
        }
        if (!sent) {
            return false;
        }
        counters.duplicate(exchange);
        LOG.info("already sent route={} eventID={} seq={}: not sending again", route, eventId,
                exchange.getMessage().getHeader(StreamHeaders.SEQUENCE_NUMBER));
        return true;
    }

    /**
     * The batch look-up for the route that reads the stream: a notification reading through the
     * {@code notifier-ddb-stream-source} Kamelet is read by the Kamelet's route, and its entries carry the
     * notification's id (as {@link #alreadySent} sees it). A failure is thrown: each record then asks for itself.
     */
    @Override
    public Set<String> alreadyDone(String readerRouteId, List<Record> records) {
        if (store == null) {
            return Set.of();
        }
        return store.sentAmong(notificationRoute(readerRouteId),
                records.stream().map(Record::eventID).filter(Objects::nonNull).toList());
    }

    /** The notification a reader route feeds; a route not known (yet) fails the batch look-up, never guesses. */
    private String notificationRoute(String readerRouteId) {
        String known = notificationRoutes.get(readerRouteId);
        if (known != null) {
            return known;
        }
        Route route = context == null ? null : context.getRoute(readerRouteId);
        if (route == null) {
            throw new IllegalStateException("no route " + readerRouteId + " in the Camel context");
        }
        String parent = StreamRoutes.parentRouteId(context, route);
        String notification = parent == null ? readerRouteId : parent;
        notificationRoutes.put(readerRouteId, notification);
        return notification;
    }

    /**
     * Writes the entry of a delivered record, with the sink's message id (SES's or SNS's; none for Slack). Tried
     * until it works: a delivered record must never be dead-lettered (a replay would send it again), nor held back
     * (the next start would send it again). If the service stops first, the record completes without its entry.
     * With an executor for the marks it is written while the shard's next record is sent, after the shard's mark
     * before it.
     */
    public void markSent(Exchange exchange) {
        if (store == null) {
            return;
        }
        String route = StreamHeaders.routeId(exchange);
        String eventId = exchange.getMessage().getHeader(StreamHeaders.EVENT_ID, String.class);
        String messageId = exchange.getMessage().getHeader(Ses2Constants.MESSAGE_ID, String.class);
        if (messageId == null) {
            messageId = exchange.getMessage().getHeader(Sns2Constants.MESSAGE_ID, String.class);
        }
        String id = messageId;
        CamelContext camel = exchange.getContext();
        String shardId = exchange.getMessage().getHeader(DdbStreamConstants.SHARD_ID, String.class);
        if (shardId == null) {
            // not read from a shard (a replay): no batch end waits for it, so it is written before the record ends
            writeMark(camel, route, eventId, id);
            return;
        }
        marks.write(lane(route, shardId), eventId, () -> writeMark(camel, route, eventId, id));
    }

    private void writeMark(CamelContext camel, String route, String eventId, String messageId) {
        try {
            persistently(camel, "mark of message " + messageId + " (accepted)", route, eventId, () -> {
                store.markSent(route, eventId, messageId);
                return Boolean.TRUE;
            });
        } catch (Stopping e) {
            LOG.warn("the service is stopping while {}: route={} eventID={} completes as delivered without its "
                    + "send-once entry; the stream position is saved past it at the stop, so it is not sent again "
                    + "unless that save fails", e.getMessage(), route, eventId);
        }
    }

    /** Waits for the last mark of the shard's records that the reader route's notification sent. */
    @Override
    public void batchRouted(String readerRouteId, String shardId) {
        if (store == null || !marks.overlaps()) {
            return;
        }
        marks.awaitLane(lane(notificationRoute(readerRouteId), shardId));
    }

    private static String lane(String route, String shard) {
        return route + " " + shard;
    }

    /**
     * Calls the store until it answers, pausing between attempts ({@value #FIRST_PAUSE_MS} ms, doubled up to
     * {@value #MAX_PAUSE_MS} ms), or until the service stops: then {@link Stopping}.
     */
    private <T> T persistently(CamelContext camel, String what, String route, String eventId, Supplier<T> call)
            throws Stopping {
        long pause = FIRST_PAUSE_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                T answer = call.get();
                if (attempt > 1) {
                    LOG.info("send-once {} route={} eventID={} worked at attempt {}; going on", what, route, eventId,
                            attempt);
                }
                return answer;
            } catch (RuntimeException e) {
                Counter.builder("notifier.sendonce.failures")
                        .description("Failed calls to the send-once table (look-up, mark), each tried again")
                        .tags("route", String.valueOf(route), "operation", what.startsWith("mark") ? "mark" : what)
                        .register(counters.registry()).increment();
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warn("send-once {} failed route={} eventID={} in {} (attempt {}: {}); the record waits, its "
                            + "shard with it, and is tried again every {} ms at most", what, route, eventId,
                            store.describe(), attempt, Masking.reason(e), MAX_PAUSE_MS);
                }
                waitUnlessStopping(camel, pause, "the send-once " + what + " failed (" + Masking.reason(e) + ")");
                pause = Math.min(MAX_PAUSE_MS, pause * 2);
            }
        }
    }

    private static void waitUnlessStopping(CamelContext camel, long pauseMs, String why) throws Stopping {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMs);
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            if (camel.isStopping() || camel.isStopped()) {
                throw new Stopping(why);
            }
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        }
    }

    /** The service stops while the send-once table still fails; the message says what failed. */
    private static final class Stopping extends Exception {

        Stopping(String why) {
            super(why, null, false, false);
        }
    }
}

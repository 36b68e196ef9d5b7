package io.streamnotifier.stream;

import io.streamnotifier.stream.kcl.DdbStreamConstants;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.ddbstream.Ddb2StreamEndpoint;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Names of the headers every route of this service can rely on after the {@code describe-record} step, and the
 * processor that sets them from the stream record in the body. They carry no personal data, so logs may print them.
 */
public final class StreamHeaders {

    public static final String EVENT_ID = "NotifierEventId";
    public static final String EVENT_NAME = "NotifierEventName";
    public static final String SEQUENCE_NUMBER = "NotifierSequenceNumber";
    /** The table the record was read from; set by the stream reader ({@link DdbStreamConstants#TABLE}). */
    public static final String TABLE = DdbStreamConstants.TABLE;

    /** Exchange property with the original {@link Record}, for the dead-letter channel. */
    public static final String RECORD_PROPERTY = "NotifierRecord";

    /**
     * Exchange property with the name of the notification the record is handed to: the route that reads the stream
     * through the {@code notifier-ddb-stream-source} Kamelet (whose own route has a generated id). Logs, metrics and
     * dead letters name this route; see {@link #routeId(Exchange)}.
     */
    public static final String ROUTE_PROPERTY = "NotifierRoute";

    /** Exchange property with the number of the current delivery attempt (1 until a retry). */
    public static final String ATTEMPT_PROPERTY = "NotifierAttempt";

    /**
     * Exchange property set by the dead-letter channel, with the reason, when a record was held back rather than
     * failed (a {@code SendHeldException}: the service stopping while SES holds it, or a replay while SES refuses
     * every send): neither sent nor dead-lettered. The stream reader does not checkpoint past it, and the replay
     * keeps its dead letter as it was.
     */
    public static final String HELD_PROPERTY = "NotifierHeld";

    /**
     * Exchange property set by the dead-letter channel once it has stored the record's dead letter: the record
     * failed. (Camel's {@code Exchange.EXCEPTION_CAUGHT} does not tell it: a redelivery that works leaves it set.)
     */
    public static final String DEAD_LETTERED_PROPERTY = "NotifierDeadLettered";

    /**
     * Exchange property set on a dead letter handed to its route again by {@code replay}: the record is old by
     * definition, and its stream's 24 hours no longer matter, so no maximum age applies to it.
     */
    public static final String REPLAYED_PROPERTY = "NotifierReplayed";

    /**
     * Exchange property set by the stream reader: a {@code java.util.function.BooleanSupplier} that tells whether
     * this worker still holds the lease of the record's shard. A sink asks it before each send attempt (a retry
     * after a pause included) and holds the record back ({@code SendHeldException}) once it says no: the shard's
     * new owner sends it.
     */
    public static final String LEASE_PROPERTY = "NotifierShardLease";

    private StreamHeaders() {
    }

    /**
     * Sets the headers above and keeps the record in an exchange property; the body stays the {@link Record}. When
     * {@link #ROUTE_PROPERTY} is set (by the stream-source Kamelet), the exchange is marked as coming from that route.
     */
    public static void describe(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        Record record = exchange.getMessage().getMandatoryBody(Record.class);
        var message = exchange.getMessage();
        if (message.getHeader(TABLE) == null) {
            message.setHeader(TABLE, tableOf(exchange.getFromEndpoint()));
        }
        String route = exchange.getProperty(ROUTE_PROPERTY, String.class);
        if (route != null && !route.isBlank()) {
            // read by a Kamelet's route for this notification: the exchange is the notification's, for Camel too
            // (NotifyBuilder, tracing, inflight listings name it)
            org.apache.camel.Route notification = exchange.getContext().getRoute(route);
            if (notification != null) {
                exchange.getExchangeExtension().setFromEndpoint(notification.getEndpoint());
            }
            exchange.getExchangeExtension().setFromRouteId(route);
        }
        exchange.setProperty(RECORD_PROPERTY, record);
        message.setHeader(EVENT_ID, record.eventID());
        message.setHeader(EVENT_NAME, record.eventNameAsString());
        message.setHeader(SEQUENCE_NUMBER, record.dynamodb() == null ? null : record.dynamodb().sequenceNumber());
    }

    /**
     * The route a record belongs to, for logs, metrics and dead letters: the notification's route when the record
     * came through the stream-source Kamelet ({@link #ROUTE_PROPERTY}), else the route that read it.
     */
    public static String routeId(Exchange exchange) {
        String route = exchange.getProperty(ROUTE_PROPERTY, String.class);
        return route == null || route.isBlank() ? exchange.getFromRouteId() : route;
    }

    static String tableOf(Endpoint endpoint) {
        if (endpoint instanceof Ddb2StreamEndpoint stream) {
            return stream.getConfiguration().getTableName();
        }
        return null;
    }
}

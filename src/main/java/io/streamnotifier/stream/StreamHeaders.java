package io.streamnotifier.stream;

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
    public static final String TABLE = "NotifierTable";

    /** Exchange property with the original {@link Record}, for the dead-letter channel. */
    public static final String RECORD_PROPERTY = "NotifierRecord";

    /** Exchange property with the number of the current delivery attempt (1 until a retry). */
    public static final String ATTEMPT_PROPERTY = "NotifierAttempt";

    private StreamHeaders() {
    }

    /** Sets the headers above and keeps the record in an exchange property; the body stays the {@link Record}. */
    public static void describe(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        Record record = exchange.getMessage().getMandatoryBody(Record.class);
        var message = exchange.getMessage();
        exchange.setProperty(RECORD_PROPERTY, record);
        message.setHeader(EVENT_ID, record.eventID());
        message.setHeader(EVENT_NAME, record.eventNameAsString());
        message.setHeader(SEQUENCE_NUMBER, record.dynamodb() == null ? null : record.dynamodb().sequenceNumber());
        if (message.getHeader(TABLE) == null) {
            message.setHeader(TABLE, tableOf(exchange.getFromEndpoint()));
        }
    }

    static String tableOf(Endpoint endpoint) {
        if (endpoint instanceof Ddb2StreamEndpoint stream) {
            return stream.getConfiguration().getTableName();
        }
        return null;
    }
}

package io.streamnotifier.sns;

import java.util.Map;
import java.util.Set;

import io.streamnotifier.InvalidRecordException;
import io.streamnotifier.Json;
import io.streamnotifier.stream.AttributeValues;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * The {@code notifier-sns-sink} Kamelet's first step: the message to publish is the item's image as plain JSON
 * (the same conversion as the templates' data model, {@link AttributeValues}: numbers keep their exact digits),
 * taken from the original stream record, so it does not depend on what the route did to the body before. INSERT and
 * MODIFY publish the NewImage, REMOVE the OldImage (the item as it was). The message attributes are the headers
 * {@link #EVENT_TYPE}, {@link #TABLE} and {@link #EVENT_ID}; {@link SnsAttributeFilter} lets only these through.
 */
public class SnsMessage implements Processor {

    public static final String EVENT_TYPE = "eventType";
    public static final String TABLE = "table";
    public static final String EVENT_ID = "eventID";

    /** The message attributes published with each message. */
    public static final Set<String> ATTRIBUTES = Set.of(EVENT_TYPE, TABLE, EVENT_ID);

    @Override
    public void process(Exchange exchange) throws Exception {
        Record record = exchange.getProperty(StreamHeaders.RECORD_PROPERTY, Record.class);
        if (record == null) {
            record = exchange.getMessage().getBody(Record.class);
        }
        if (record == null) {
            throw new InvalidRecordException("no DynamoDB stream record to publish (the route must read a ddb-stream "
                    + "and run describe-record first)");
        }
        var message = exchange.getMessage();
        message.setBody(Json.MAPPER.writeValueAsString(AttributeValues.toPlainMap(image(record))));
        message.setHeader(EVENT_TYPE, record.eventNameAsString());
        String table = message.getHeader(StreamHeaders.TABLE, String.class);
        if (table != null) {
            message.setHeader(TABLE, table);
        }
        message.setHeader(EVENT_ID, record.eventID());
    }

    /** The NewImage, or for a REMOVE the OldImage; a record without the image it needs is rejected. */
    static Map<String, AttributeValue> image(Record record) throws InvalidRecordException {
        StreamRecord data = record.dynamodb();
        if (data != null && data.hasNewImage()) {
            return data.newImage();
        }
        if (data != null && data.hasOldImage()) {
            return data.oldImage();
        }
        throw new InvalidRecordException("the stream record has no image to publish (stream view type "
                + (data == null ? "unknown" : data.streamViewTypeAsString())
                + "; NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES is needed)");
    }
}

package io.streamnotifier.stream;

import java.util.LinkedHashMap;
import java.util.Map;

import io.streamnotifier.InvalidRecordException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Replaces the stream record in the body by the data model that templates read:
 *
 * <pre>
 * {name}    the NewImage as plain data (see {@link AttributeValues}), e.g. order.id, order.album.title; for a
 *           REMOVE, which has no NewImage, the OldImage (the item as it was deleted)
 * previous  the OldImage as plain data, only when the stream carries it (MODIFY and REMOVE records)
 * event     id, name, sequenceNumber, table, createdAt (ISO-8601 instant of the change)
 * </pre>
 *
 * A record without the image it needs (a NewImage, or for a REMOVE an OldImage: a KEYS_ONLY stream, say) cannot be
 * rendered and is rejected with that reason.
 */
public class ImageModel implements Processor {

    /** Header naming the item in the model, when a route sets its own (else the name given here). */
    public static final String MODEL_NAME = "NotifierModelName";

    private final String name;

    public ImageModel(String name) {
        this.name = name;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Record record = exchange.getMessage().getMandatoryBody(Record.class);
        StreamRecord data = record.dynamodb();
        boolean removed = "REMOVE".equals(record.eventNameAsString());
        if (data == null || (removed ? !data.hasOldImage() : !data.hasNewImage())) {
            throw new InvalidRecordException("the stream record has no " + (removed ? "OldImage" : "NewImage")
                    + " (stream view type " + (data == null ? "unknown" : data.streamViewTypeAsString()) + "; "
                    + (removed ? "OLD_IMAGE" : "NEW_IMAGE") + " or NEW_AND_OLD_IMAGES is needed)");
        }
        Map<String, Object> model = new LinkedHashMap<>();
        String name = exchange.getMessage().getHeader(MODEL_NAME, this.name, String.class);
        // a REMOVE has no NewImage: the item as it was deleted stands in for it
        model.put(name, AttributeValues.toPlainMap(removed ? data.oldImage() : data.newImage()));
        if (data.hasOldImage()) {
            model.put("previous", AttributeValues.toPlainMap(data.oldImage()));
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", record.eventID());
        event.put("name", record.eventNameAsString());
        event.put("sequenceNumber", data.sequenceNumber());
        event.put("table", exchange.getMessage().getHeader(StreamHeaders.TABLE, String.class));
        event.put("createdAt", data.approximateCreationDateTime() == null
                ? null : data.approximateCreationDateTime().toString());
        model.put("event", event);
        exchange.getMessage().setBody(model);
    }
}

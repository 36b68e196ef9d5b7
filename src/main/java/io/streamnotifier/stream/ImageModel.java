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
 * {name}    the NewImage as plain data (see {@link AttributeValues}), e.g. order.id, order.album.title
 * previous  the OldImage as plain data, only when the stream carries it (MODIFY and REMOVE records)
 * event     id, name, sequenceNumber, table, createdAt (ISO-8601 instant of the change)
 * </pre>
 *
 * A record without a NewImage (a KEYS_ONLY or OLD_IMAGE stream) cannot be rendered and is rejected with that reason.
 */
public class ImageModel implements Processor {

    private final String name;

    public ImageModel(String name) {
        this.name = name;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Record record = exchange.getMessage().getMandatoryBody(Record.class);
        StreamRecord data = record.dynamodb();
        if (data == null || !data.hasNewImage()) {
            throw new InvalidRecordException("the stream record has no NewImage (stream view type "
                    + (data == null ? "unknown" : data.streamViewTypeAsString())
                    + "; NEW_IMAGE or NEW_AND_OLD_IMAGES is needed)");
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put(name, AttributeValues.toPlainMap(data.newImage()));
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

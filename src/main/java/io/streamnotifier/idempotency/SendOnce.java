package io.streamnotifier.idempotency;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.streamnotifier.NotifierCounters;
import io.streamnotifier.stream.StreamHeaders;
import io.streamnotifier.stream.kcl.BatchLookup;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.ses.Ses2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The route steps around the send that make it happen once per record: {@link #alreadySent} (a filter before
 * rendering) and {@link #markSent} (right after SES accepted). With no store configured every record counts as new.
 * <p>
 * As the stream consumer's {@link BatchLookup} it looks a whole GetRecords batch up at once (one BatchGetItem
 * instead of one GetItem per record); {@link #alreadySent} then takes the answer from the exchange. The mark is
 * still written per record, right after SES accepted it.
 */
public class SendOnce implements BatchLookup {

    private static final Logger LOG = LoggerFactory.getLogger(SendOnce.class);

    private final SentStore store;
    private final NotifierCounters counters;

    public SendOnce(SentStore store, NotifierCounters counters) {
        this.store = store;
        this.counters = counters;
    }

    /** True, counted and logged, when this record's eventID was already notified. */
    public boolean alreadySent(Exchange exchange) {
        if (store == null) {
            return false;
        }
        String eventId = exchange.getMessage().getHeader(StreamHeaders.EVENT_ID, String.class);
        Boolean known = exchange.getProperty(KNOWN_DONE, Boolean.class);
        if (!(known != null ? known : store.wasSent(eventId))) {
            return false;
        }
        counters.duplicate(exchange);
        LOG.info("already sent route={} eventID={} seq={}: not sending again", StreamHeaders.routeId(exchange), eventId,
                exchange.getMessage().getHeader(StreamHeaders.SEQUENCE_NUMBER));
        return true;
    }

    @Override
    public Set<String> alreadyDone(List<Record> records) {
        if (store == null) {
            return Set.of();
        }
        return store.sentAmong(records.stream().map(Record::eventID).filter(Objects::nonNull).toList());
    }

    public void markSent(Exchange exchange) {
        if (store != null) {
            store.markSent(exchange.getMessage().getHeader(StreamHeaders.EVENT_ID, String.class),
                    exchange.getMessage().getHeader(Ses2Constants.MESSAGE_ID, String.class));
        }
    }
}

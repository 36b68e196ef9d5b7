package io.streamnotifier.idempotency;

import io.streamnotifier.NotifierCounters;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.ses.Ses2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route steps around the send that make it happen once per record: {@link #alreadySent} (a filter before
 * rendering) and {@link #markSent} (right after SES accepted). With no store configured every record counts as new.
 */
public class SendOnce {

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
        if (!store.wasSent(eventId)) {
            return false;
        }
        counters.duplicate(exchange);
        LOG.info("already sent route={} eventID={} seq={}: not sending again", StreamHeaders.routeId(exchange), eventId,
                exchange.getMessage().getHeader(StreamHeaders.SEQUENCE_NUMBER));
        return true;
    }

    public void markSent(Exchange exchange) {
        if (store != null) {
            store.markSent(exchange.getMessage().getHeader(StreamHeaders.EVENT_ID, String.class),
                    exchange.getMessage().getHeader(Ses2Constants.MESSAGE_ID, String.class));
        }
    }
}

package io.streamnotifier.feedback;

import java.time.Clock;

import io.streamnotifier.Masking;
import io.streamnotifier.mail.RecipientCheck;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.ses.Ses2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The {@code record-accepted} step of the SES sink, after {@code mark-sent}: counts the send for the reputation
 * rates and writes the order's "accepted" entry (SES's message id, the time, the masked recipient) to the delivery
 * status table. A failure to write is logged and counted
 * ({@code notifier_feedback_store_failures_total{operation="accepted"}}), never thrown: the e-mail is sent and
 * marked, and must be neither dead-lettered nor sent again for its status.
 */
public class AcceptedStatus {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptedStatus.class);

    private final FeedbackStores stores;
    private final Clock clock;

    public AcceptedStatus(FeedbackStores stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    public void accepted(Exchange exchange) {
        if (!stores.enabled()) {
            return;
        }
        stores.rates().sent();
        String route = StreamHeaders.routeId(exchange);
        Record record = exchange.getProperty(StreamHeaders.RECORD_PROPERTY, Record.class);
        String eventId = exchange.getMessage().getHeader(StreamHeaders.EVENT_ID, String.class);
        String orderKey = record == null ? OrderKey.sanitize(eventId) : OrderKey.of(record);
        String messageId = exchange.getMessage().getHeader(Ses2Constants.MESSAGE_ID, String.class);
        String recipient = exchange.getMessage().getHeader(RecipientCheck.MASKED_RECIPIENT, String.class);
        try {
            stores.status().accepted(route, orderKey, messageId, recipient == null ? "<none>" : recipient,
                    clock.instant());
        } catch (RuntimeException e) {
            stores.failed("accepted");
            LOG.warn("could not write the accepted status route={} order={} eventID={} sesMessageId={} to {} ({}); "
                    + "the e-mail is sent, its status starts with its first SES event", route, orderKey, eventId,
                    messageId, stores.status().table(), Masking.reason(e));
        }
    }
}

package io.streamnotifier.feedback;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.streamnotifier.Masking;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code record-ses-event} step of the {@code ses-feedback} route: one message of the SES events queue in,
 * read by {@link SesEventParser}, tied to its order (the {@code notifier-route} and {@code notifier-key} tags, else
 * the delivery status's message-id index), written to the delivery status table, the address suppressed for a
 * permanent bounce or a complaint, counted for the reputation rates, and logged on one line (masked recipient).
 * <p>
 * A message it cannot read throws {@link MalformedEventException} (dead-lettered at once); a failing table throws
 * too, for the route's redeliveries and then the dead-letter store. Either way the message leaves the queue only
 * once it was handled or stored.
 */
public class SesFeedback implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SesFeedback.class);
    /** The route of an event whose order is not known (no tags, and no accepted entry with its message id). */
    public static final String UNKNOWN_ROUTE = "unknown";

    private final FeedbackStores stores;
    private final Clock clock;

    public SesFeedback(FeedbackStores stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        String sqsId = exchange.getMessage().getHeader(Sqs2Constants.MESSAGE_ID, String.class);
        SesEventParser.Result result = SesEventParser.parse(exchange.getMessage().getBody(String.class));
        if (result.ignored() != null) {
            stores.recent().count("ignored");
            LOG.info("ses event ignored sqsMessageId={}: {}", sqsId, result.ignored());
            return;
        }
        SesEvent event = result.event();
        if (event.at() == null) {
            event = new SesEvent(event.type(), event.form(), event.messageId(), event.route(), event.orderKey(),
                    event.recipients(), clock.instant(), event.bounceType(), event.bounceSubType(), event.detail());
        }
        Counter.builder("notifier.ses.events").description("SES events read from the events queue, by type")
                .tag("type", event.type().state()).register(stores.registry()).increment();
        if (!event.type().tracked()) {
            stores.recent().count(event.type().state());
            LOG.debug("ses event {} sesMessageId={}: counted only", event.type().state(), event.messageId());
            return;
        }
        String route = event.route();
        String orderKey = event.orderKey();
        if (route == null || orderKey == null) {
            String[] order = stores.status().orderOf(event.messageId());
            route = order == null ? UNKNOWN_ROUTE : order[1];
            orderKey = order == null ? OrderKey.sanitize(event.messageId()) : order[0];
        }
        String recipient = event.recipients().isEmpty() ? "<none>" : Masking.maskEmail(event.recipients().get(0));
        stores.status().record(route, orderKey, event, recipient);
        boolean suppressed = false;
        if (event.suppresses()) {
            for (String address : event.recipients()) {
                stores.suppression().suppress(new SuppressionTable.Entry(stores.hash().of(address),
                        Masking.maskEmail(address), event.suppressionReason(), event.at(), route, orderKey,
                        event.messageId()));
            }
            suppressed = !event.recipients().isEmpty();
        }
        if (event.type() == SesEvent.Type.BOUNCE && "Permanent".equals(event.bounceType())) {
            stores.rates().bounced();
        } else if (event.type() == SesEvent.Type.COMPLAINT) {
            stores.rates().complained();
        }
        String detail = DeliveryStatusTable.detail(event);
        stores.recent().add(new RecentFeedback.Entry(event.at(), event.type().state(), route, orderKey, recipient,
                detail, suppressed));
        LOG.info("ses event {} route={} order={} sesMessageId={} to={} detail={} form={}{}", event.type().state(),
                route, orderKey, event.messageId(), recipient, detail == null ? "-" : detail, event.form(),
                suppressed ? " suppressed: no e-mail to this address from now on" : "");
    }

    /** The time now, for callers that stamp entries. */
    Instant now() {
        return clock.instant();
    }
}

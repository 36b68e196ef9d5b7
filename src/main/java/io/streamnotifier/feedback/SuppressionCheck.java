package io.streamnotifier.feedback;

import io.micrometer.core.instrument.Counter;
import io.streamnotifier.Masking;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.ses.Ses2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code skip-suppressed} step of the e-mail render Kamelet, after {@code validate} (which sets the
 * recipient): a recipient on the suppression list is not e-mailed; the record goes to the dead-letter store at
 * once with the reason {@code suppressed} ({@link SuppressedException}) and is counted
 * ({@code notifier_records_suppressed_total}). When the suppression table cannot be read, the e-mail is sent
 * (SES's own account-level suppression list still applies), logged and counted
 * ({@code notifier_feedback_store_failures_total{operation="suppression-check"}}).
 */
public class SuppressionCheck implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SuppressionCheck.class);

    private final FeedbackStores stores;

    public SuppressionCheck(FeedbackStores stores) {
        this.stores = stores;
    }

    @Override
    public void process(Exchange exchange) {
        if (!stores.enabled()) {
            return;
        }
        String address = exchange.getMessage().getHeader(Ses2Constants.TO, String.class);
        if (address == null) {
            return;
        }
        String route = StreamHeaders.routeId(exchange);
        SuppressionTable.Entry entry;
        try {
            entry = stores.suppression().find(stores.hash().of(address));
        } catch (RuntimeException e) {
            stores.failed("suppression-check");
            LOG.warn("could not read the suppression table {} route={} eventID={} ({}): sending without the check",
                    stores.suppression().table(), route, exchange.getMessage().getHeader(StreamHeaders.EVENT_ID),
                    Masking.reason(e));
            return;
        }
        if (entry == null) {
            return;
        }
        Counter.builder("notifier.records.suppressed")
                .description("Records not e-mailed because their recipient is on the suppression list")
                .tag("route", String.valueOf(route)).register(stores.registry()).increment();
        throw new SuppressedException("suppressed: " + Masking.maskEmail(address) + " is on the suppression list "
                + "since " + entry.since() + " (" + entry.reason() + "); 'suppression remove' lifts it");
    }
}

package io.streamnotifier;

import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Called by the dead-letter channel before each redelivery: one WARN line with the attempt number and the cause,
 * e-mail addresses in the cause masked (Camel's own retry log would print the exception message as it is). It also
 * records the attempt number in an exchange property, because Camel removes its redelivery headers before the
 * dead-letter endpoint runs.
 */
public class RetryLog implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryLog.class);

    private final NotifierCounters counters;

    public RetryLog(NotifierCounters counters) {
        this.counters = counters;
    }

    @Override
    public void process(Exchange exchange) {
        var in = exchange.getMessage();
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Integer counter = in.getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer max = in.getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        if (counter != null) {
            exchange.setProperty(StreamHeaders.ATTEMPT_PROPERTY, counter + 1);
        }
        counters.retried(exchange);
        LOG.warn("retrying route={} eventID={} seq={} attempt={}/{} after {}", StreamHeaders.routeId(exchange),
                in.getHeader(StreamHeaders.EVENT_ID), in.getHeader(StreamHeaders.SEQUENCE_NUMBER),
                counter == null ? "?" : counter + 1, max == null ? "?" : max + 1, Masking.reason(cause));
    }
}

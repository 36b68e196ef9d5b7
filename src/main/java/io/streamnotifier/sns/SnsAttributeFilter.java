package io.streamnotifier.sns;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The {@code aws2-sns} endpoint turns every header it is not told to filter into an SNS message attribute (and logs
 * a WARN with the value of one it cannot convert). This strategy lets only {@link SnsMessage#ATTRIBUTES} through,
 * so nothing else the route carries (order data, masked addresses) leaves with the message or reaches the log.
 */
public class SnsAttributeFilter implements HeaderFilterStrategy {

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !SnsMessage.ATTRIBUTES.contains(name);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return true;
    }
}

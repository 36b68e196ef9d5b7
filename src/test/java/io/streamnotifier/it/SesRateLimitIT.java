package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import org.junit.jupiter.api.Test;

/**
 * A burst of orders against an SES that throttles above its quota of 50 sends a second (a token bucket with a
 * burst of 5, like a production account's maximum send rate): with the service's send-rate limit at the quota,
 * SES never has to throttle.
 */
class SesRateLimitIT extends ServiceITSupport {

    private static final FaultProxy PROXY = FaultProxy.shared();

    private static final int QUOTA = 50;

    /** SES's quota: QUOTA tokens a second, at most 5 saved up. */
    private static final class Quota {
        private double tokens = 5;
        private long last = System.nanoTime();

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(5, tokens + (now - last) / 1e9 * QUOTA);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    @Override
    protected Properties extraProperties() {
        Quota quota = new Quota();
        PROXY.plan(recipient -> quota.take() ? Fault.PASS : Fault.THROTTLE);
        PROXY.resetCounts();
        Properties properties = new Properties();
        properties.put("notifier.ses.endpoint", PROXY.endpoint().toString());
        properties.put("notifier.ses.max-send-rate", Integer.toString(QUOTA));
        return properties;
    }

    @Test
    void a_burst_at_the_send_rate_limit_is_never_throttled() {
        List<String> recipients = SesFaultsIT.recipients(1000, "burst");
        long start = System.nanoTime();
        for (int i = 0; i < recipients.size(); i++) {
            orders().put(OrdersTable.order("ORD-burst-" + i, recipients.get(i), "Harvest"));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> counters().count(ROUTE, "sent") >= recipients.size());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        assertEquals(0, PROXY.count(Fault.THROTTLE), "throttling errors seen");
        assertEquals(recipients.size(), PROXY.count(Fault.PASS));
        // 1,000 sends at 50 a second cannot take less than about 20 s: the limit was in force
        assertTrue(seconds >= 19, seconds + " s");
        assertEquals(0, DeliveryReport.of(recipients).lost());
    }
}

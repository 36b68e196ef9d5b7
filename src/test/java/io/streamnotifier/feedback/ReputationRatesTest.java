package io.streamnotifier.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ReputationRatesTest {

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T09:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void rates_are_events_per_send_in_the_window_and_old_minutes_drop_out() {
        MovingClock clock = new MovingClock();
        ReputationRates rates = new ReputationRates(Duration.ofMinutes(60), clock);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        rates.register(registry);
        for (int i = 0; i < 100; i++) {
            rates.sent();
        }
        rates.bounced();
        rates.bounced();
        assertEquals(0.02, registry.find("notifier.ses.bounce.rate").gauge().value(), 1e-9);
        assertEquals(0.0, registry.find("notifier.ses.complaint.rate").gauge().value());
        assertTrue(rates.warnings().isEmpty(), "2 % is below half of the 5 % review threshold");

        rates.bounced();
        rates.complained();
        assertEquals(2, rates.warnings().size(), rates.warnings().toString());
        assertTrue(rates.warnings().get(0).startsWith("bounce rate 3.00 % over the last 1 h"), rates.warnings().get(0));
        assertTrue(rates.warnings().get(1).startsWith("complaint rate 1.000 %"), rates.warnings().get(1));

        clock.now = clock.now.plus(Duration.ofMinutes(61));
        assertEquals(0, rates.windowSends());
        assertEquals(0.0, rates.bounceRate());
    }

    @Test
    void a_bounce_with_no_send_in_the_window_is_a_rate_of_one_not_infinity() {
        ReputationRates rates = new ReputationRates(Duration.ofMinutes(10), new MovingClock());
        assertEquals(0.0, rates.bounceRate());
        rates.bounced();
        assertEquals(1.0, rates.bounceRate());
    }

    @Test
    void exactly_half_the_review_threshold_does_not_warn_just_past_it_does() {
        assertEquals(0.025, ReputationRates.rate(1, 40));
        ReputationRates rates = new ReputationRates(Duration.ofMinutes(10), new MovingClock());
        for (int i = 0; i < 2000; i++) {
            rates.sent();
        }
        rates.complained(); // 0.05 %: exactly half of 0.1 %
        assertTrue(rates.warnings().isEmpty(), rates.warnings().toString());
        rates.complained();
        assertEquals(1, rates.warnings().size());
    }
}

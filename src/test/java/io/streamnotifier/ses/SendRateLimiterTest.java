package io.streamnotifier.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The limiter on a fake clock: the slots it hands out, not how long a real machine takes. */
class SendRateLimiterTest {

    @Test
    void sends_are_spaced_evenly_at_the_rate() throws Exception {
        AtomicLong now = new AtomicLong(0);
        List<Long> starts = new ArrayList<>();
        SendRateLimiter limiter = new SendRateLimiter(50, now::get, nanos -> now.addAndGet(nanos));
        for (int i = 0; i < 100; i++) {
            limiter.acquire();
            starts.add(now.get());
        }
        // 50 a second: one every 20 ms, the 100th at 1.98 s; never two in the same 20 ms
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1980), starts.get(99));
        for (int i = 1; i < starts.size(); i++) {
            assertEquals(TimeUnit.MILLISECONDS.toNanos(20), starts.get(i) - starts.get(i - 1));
        }
    }

    @Test
    void an_idle_limiter_does_not_bank_a_burst() throws Exception {
        AtomicLong now = new AtomicLong(0);
        SendRateLimiter limiter = new SendRateLimiter(10, now::get, nanos -> now.addAndGet(nanos));
        now.set(TimeUnit.SECONDS.toNanos(60)); // a quiet minute
        limiter.acquire();
        limiter.acquire();
        assertEquals(TimeUnit.SECONDS.toNanos(60) + TimeUnit.MILLISECONDS.toNanos(100), now.get());
    }

    @Test
    void zero_means_no_limit() throws Exception {
        AtomicLong now = new AtomicLong(0);
        SendRateLimiter limiter = new SendRateLimiter(0, now::get, nanos -> now.addAndGet(nanos));
        for (int i = 0; i < 1000; i++) {
            limiter.acquire();
        }
        assertEquals(0, now.get());
    }
}

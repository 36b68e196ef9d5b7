package io.streamnotifier.feedback;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamnotifier.ops.PerMinuteCounts;

/**
 * The bounce and complaint rates SES judges an account by, over a sliding window of whole minutes
 * ({@code notifier.feedback.rate-window-minutes}): permanent bounces and complaints this instance read from the
 * events queue, divided by the e-mails SES accepted from this instance in the same window. With no send in the
 * window (after a restart, say) the divisor is the bounces (complaints) themselves, so a rate never exceeds 1 and
 * a bounce without a send still shows. Published as gauges {@code notifier_ses_bounce_rate},
 * {@code notifier_ses_complaint_rate} and {@code notifier_ses_window_sends}.
 * <p>
 * SES reviews an account at a bounce rate of 5 % and may pause it at 10 %; for complaints at 0.1 % and 0.5 %.
 * {@link #warnings()} names a rate past half of the review threshold.
 */
public class ReputationRates {

    public static final double BOUNCE_REVIEW = 0.05;
    public static final double BOUNCE_PAUSE = 0.10;
    public static final double COMPLAINT_REVIEW = 0.001;
    public static final double COMPLAINT_PAUSE = 0.005;

    private final PerMinuteCounts sends;
    private final PerMinuteCounts bounces;
    private final PerMinuteCounts complaints;
    private final Duration window;

    public ReputationRates(Duration window, Clock clock) {
        int minutes = (int) Math.max(1, window.toMinutes());
        this.window = Duration.ofMinutes(minutes);
        this.sends = new PerMinuteCounts(minutes, clock);
        this.bounces = new PerMinuteCounts(minutes, clock);
        this.complaints = new PerMinuteCounts(minutes, clock);
    }

    /** Registers the gauges (once per registry). */
    public ReputationRates register(MeterRegistry registry) {
        if (registry.find("notifier.ses.bounce.rate").gauge() == null) {
            Gauge.builder("notifier.ses.bounce.rate", this, ReputationRates::bounceRate)
                    .description("Permanent bounces / e-mails accepted over the sliding window (SES reviews at 0.05)")
                    .register(registry);
            Gauge.builder("notifier.ses.complaint.rate", this, ReputationRates::complaintRate)
                    .description("Complaints / e-mails accepted over the sliding window (SES reviews at 0.001)")
                    .register(registry);
            Gauge.builder("notifier.ses.window.sends", this, ReputationRates::windowSends)
                    .description("E-mails SES accepted from this instance over the rates' sliding window")
                    .register(registry);
        }
        return this;
    }

    public Duration window() {
        return window;
    }

    public void sent() {
        sends.increment();
    }

    public void bounced() {
        bounces.increment();
    }

    public void complained() {
        complaints.increment();
    }

    public long windowSends() {
        return sum(sends);
    }

    public long windowBounces() {
        return sum(bounces);
    }

    public long windowComplaints() {
        return sum(complaints);
    }

    public double bounceRate() {
        return rate(windowBounces(), windowSends());
    }

    public double complaintRate() {
        return rate(windowComplaints(), windowSends());
    }

    /** A line per rate past half of SES's review threshold; none when both are below. */
    public java.util.List<String> warnings() {
        java.util.List<String> out = new java.util.ArrayList<>();
        double bounce = bounceRate();
        if (bounce > BOUNCE_REVIEW / 2) {
            out.add(String.format(java.util.Locale.ROOT, "bounce rate %.2f %% over the last %s: past half of SES's "
                    + "review threshold (review at 5 %%, pause at 10 %%)", bounce * 100, describe(window)));
        }
        double complaint = complaintRate();
        if (complaint > COMPLAINT_REVIEW / 2) {
            out.add(String.format(java.util.Locale.ROOT, "complaint rate %.3f %% over the last %s: past half of "
                    + "SES's review threshold (review at 0.1 %%, pause at 0.5 %%)", complaint * 100, describe(window)));
        }
        return out;
    }

    static double rate(long events, long sends) {
        long divisor = Math.max(events, sends);
        return divisor == 0 ? 0 : (double) events / divisor;
    }

    static String describe(Duration window) {
        return window.toMinutes() % 60 == 0 ? window.toHours() + " h" : window.toMinutes() + " min";
    }

    private static long sum(PerMinuteCounts counts) {
        long total = 0;
        for (long count : counts.snapshot().counts()) {
            total += count;
        }
        return total;
    }
}

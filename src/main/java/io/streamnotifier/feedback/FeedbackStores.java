package io.streamnotifier.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the feedback loop's steps share: the delivery status and suppression tables (null when the loop is off,
 * {@code notifier.feedback.queue-url} empty), the address hash, the reputation rates, the recent events and the
 * metrics registry.
 */
public record FeedbackStores(DeliveryStatusTable status, SuppressionTable suppression, AddressHash hash,
        ReputationRates rates, RecentFeedback recent, MeterRegistry registry) {

    /** True when the loop runs: the tables exist and the steps use them. */
    public boolean enabled() {
        return status != null && suppression != null;
    }

    /** Counts a failed call to one of the tables ({@code notifier_feedback_store_failures_total}). */
    void failed(String operation) {
        Counter.builder("notifier.feedback.store.failures")
                .description("Failed calls to the delivery status or suppression table, by operation")
                .tag("operation", operation).register(registry).increment();
    }
}

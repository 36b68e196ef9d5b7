package io.streamnotifier.stream.kcl;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The consumer's counts of stream reads that went wrong ({@link StreamReadWatch} counts them): reads whose position
 * was trimmed (records lost there), published as {@code notifier.stream.trimmed.reads}, and reads whose shard
 * iterator had expired (nothing lost).
 */
final class ReadCounters {

    final AtomicLong trimmed = new AtomicLong();
    final AtomicLong expired = new AtomicLong();
    /**
     * Removed at stop: a route started again gets a new consumer, whose count would otherwise never reach the meter
     * (the registry keeps the first one registered under a name and tags).
     */
    private FunctionCounter trimmedMeter;

    void register(MeterRegistry registry, String table) {
        trimmedMeter = FunctionCounter.builder("notifier.stream.trimmed.reads", trimmed, AtomicLong::get)
                .description("Stream reads whose position was older than the stream keeps: records were lost there")
                .tag("table", table).register(registry);
    }

    void unregister(MeterRegistry registry) {
        if (trimmedMeter != null) {
            registry.remove(trimmedMeter);
            trimmedMeter = null;
        }
    }
}

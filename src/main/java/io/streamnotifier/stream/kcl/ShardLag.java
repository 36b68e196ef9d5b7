package io.streamnotifier.stream.kcl;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How far behind its newest record each shard this worker reads is, kept per shard and exported as the gauge
 * {@code notifier.stream.millis.behind.latest} (Lambda's IteratorAge), registered while the shard is read.
 */
final class ShardLag {

    private final MeterRegistry registry;
    private final String table;
    private final Map<String, AtomicLong> lagByShard = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    ShardLag(MeterRegistry registry, String table) {
        this.registry = registry;
        this.table = table;
    }

    /** A shard this worker now reads. */
    void started(String shardId) {
        AtomicLong lag = lagByShard.computeIfAbsent(shardId, id -> new AtomicLong());
        gauges.computeIfAbsent(shardId, id -> Gauge.builder("notifier.stream.millis.behind.latest", lag,
                AtomicLong::get).description("How far behind the newest record of the shard the reader is, in ms "
                        + "(Lambda's IteratorAge)").tags("table", table, "shard", id).register(registry));
    }

    /** A shard this worker no longer reads: its gauge goes. */
    void stopped(String shardId) {
        lagByShard.remove(shardId);
        Gauge gauge = gauges.remove(shardId);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    /** After each read of a shard (null: not known). */
    void observe(String shardId, Long millisBehindLatest) {
        AtomicLong lag = lagByShard.get(shardId);
        if (lag != null && millisBehindLatest != null) {
            lag.set(millisBehindLatest);
        }
    }

    /** The shards read now, with how far behind (ms) each is. */
    Map<String, Long> byShard() {
        Map<String, Long> shards = new TreeMap<>();
        lagByShard.forEach((shard, lag) -> shards.put(shard, lag.get()));
        return shards;
    }
}

package io.streamnotifier.stream.kcl;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.kinesis.common.InitialPositionInStream;

/**
 * Skips the records created before where this application started reading: with {@code startingPosition}
 * AT_TIMESTAMP, the configured instant (the KCL reads such shards from their start); for a shard read for the first
 * time, the start time {@link FirstStart} kept in its lease ({@value FirstStart#NOT_BEFORE}). Skipped records are
 * logged and counted, and complete like any other (their shard is checkpointed past them).
 */
final class StartFilter {

    /** The consumer's lines, under its name. */
    private static final Logger LOG = LoggerFactory.getLogger(DdbStreamConsumer.class);

    private final String table;
    /** With startingPosition AT_TIMESTAMP: records created before this are skipped. */
    private volatile Instant notBefore;
    /** Shards first read by this application: records created before its start time are skipped (FirstStart). */
    private final Map<String, Instant> shardNotBefore = new ConcurrentHashMap<>();
    private final AtomicLong skipped = new AtomicLong();

    StartFilter(String table) {
        this.table = table;
    }

    /** At each start of the consumer: the configured starting instant (AT_TIMESTAMP), or null. */
    void configure(Instant configured) {
        this.notBefore = configured;
    }

    /**
     * Where a stream read for the first time starts: with LATEST, when this process started, so that no record
     * written while the service was starting is skipped; with AT_TIMESTAMP, the configured instant; else (from the
     * start of the stream) null.
     */
    Instant startTime(InitialPositionInStream position) {
        if (notBefore != null) {
            return notBefore;
        }
        return position == InitialPositionInStream.LATEST
                ? Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime())
                : null;
    }

    /** A shard this worker now reads, with the start time kept in its lease (null: none). */
    void shardStarted(String shardId, Instant firstStart) {
        if (firstStart != null) {
            shardNotBefore.put(shardId, firstStart);
        }
    }

    void shardStopped(String shardId) {
        shardNotBefore.remove(shardId);
    }

    /** Whether the record was created before where this application started reading: then skipped, logged, counted. */
    boolean skips(Record record, String shardId) {
        Instant configured = notBefore;
        Instant first = shardNotBefore.get(shardId);
        Instant limit = configured == null ? first : first == null || first.isBefore(configured) ? configured : first;
        if (limit == null || !FirstStart.createdBefore(record, limit)) {
            return false;
        }
        long count = skipped.incrementAndGet();
        if (count == 1) {
            LOG.info("skipping the records of table {} created before {} (where this application started reading)",
                    table, limit);
        }
        LOG.debug("skipped eventID={} created {}: before the starting time", record.eventID(),
                record.dynamodb().approximateCreationDateTime());
        return true;
    }

    /** How many records were skipped. */
    long skipped() {
        return skipped.get();
    }
}

package io.streamnotifier.idempotency;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.streamnotifier.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes the send-once marks of a lane (a route reading a shard) one after the other, each while the lane goes on:
 * a record's mark is written on a thread of its own while the next record is looked up, rendered and sent, and that
 * next record's mark starts only once the one before it is written. So the marks stay in order and at most one is
 * in flight per lane, and a crash can send again at most the record whose mark was in flight and the one being
 * sent (docs/delivery.md). {@link #awaitLane} waits for a lane's last mark: the stream consumer calls it before a
 * batch may be checkpointed. Without an executor each mark is written in place, before the record completes.
 */
final class MarkPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(SendOnce.class);

    private final Executor executor;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** @param executor runs the marks; null writes each one in place */
    MarkPipeline(Executor executor) {
        this.executor = executor;
    }

    boolean overlaps() {
        return executor != null;
    }

    /**
     * Waits for the lane's mark in flight, then starts {@code mark} (which handles its own failures) and returns;
     * in place without an executor, or when the executor refuses.
     */
    void write(String lane, String eventId, Runnable mark) {
        if (executor == null) {
            mark.run();
            return;
        }
        lanes.computeIfAbsent(lane, key -> new Lane()).then(eventId, mark, executor);
    }

    /**
     * Returns once the lane's last mark is written (or given up at a stop), and forgets the lane: called at a batch's
     * end, when no mark of it is being started (shards end, and new ones come, every few hours).
     */
    void awaitLane(String lane) {
        Lane known = lanes.get(lane);
        if (known != null) {
            known.await();
            lanes.remove(lane, known);
        }
    }

    /** One lane's mark in flight, written after the one before it. */
    private static final class Lane {

        private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

        synchronized void then(String eventId, Runnable mark, Executor executor) {
            await();
            Map<String, String> logContext = MDC.getCopyOfContextMap();
            Runnable task = () -> {
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                try {
                    mark.run();
                } catch (RuntimeException | Error e) {
                    // marks handle their own failures; this is a bug or the JVM failing
                    LOG.error("the send-once mark of eventID={} failed ({}); it is not written, and a crash before "
                            + "the next checkpoint would send it again", eventId, Masking.reason(e));
                } finally {
                    MDC.clear();
                }
            };
            try {
                last = CompletableFuture.runAsync(task, executor);
            } catch (RejectedExecutionException e) {
                mark.run(); // the service is stopping: written in place
                last = CompletableFuture.completedFuture(null);
            }
        }

        synchronized void await() {
            last.join();
        }
    }
}

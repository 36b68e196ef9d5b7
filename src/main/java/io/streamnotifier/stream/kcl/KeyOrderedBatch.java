package io.streamnotifier.stream.kcl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Handles the items of one batch on up to {@code parallelism} threads, like Lambda's ParallelizationFactor: items
 * with the same key (a stream record's item key) are handled one after the other in batch order, by one thread;
 * items with different keys may run at the same time. {@link #run} returns only when every item it started has
 * finished, so a batch is checkpointed only after all of its records completed.
 * <p>
 * Plain Java, no Camel: the consumer hands it the records and its delivery step.
 */
final class KeyOrderedBatch {

    private final Executor executor;
    private final int parallelism;

    /**
     * @param executor    runs the extra workers (the calling thread is one of the workers)
     * @param parallelism most items handled at the same time, 1 or more
     */
    KeyOrderedBatch(Executor executor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism is " + parallelism + "; use 1 or more");
        }
        this.executor = executor;
        this.parallelism = parallelism;
    }

    /**
     * The items grouped by key, each group in batch order, the groups in the order of their first item. Items with
     * a null key share one group.
     */
    static <T> List<List<T>> lanes(List<T> items, Function<T, ?> key) {
        Map<Object, List<T>> lanes = new LinkedHashMap<>();
        Object none = new Object();
        for (T item : items) {
            lanes.computeIfAbsent(Objects.requireNonNullElse(key.apply(item), none), k -> new ArrayList<>()).add(item);
        }
        return new ArrayList<>(lanes.values());
    }

    /**
     * Hands every item to {@code handler}, keeping the order of items with the same key. When the handler returns
     * false (the consumer is stopping) no further item is started, the items in hand finish, and this returns
     * false. An exception or {@link Error} of the handler is thrown here, as it was, once every worker has finished;
     * a worker thread that cannot be started (the executor refuses, or throws an Error such as "unable to create
     * native thread") leaves its lanes to the others.
     */
    <T> boolean run(List<T> items, Function<T, ?> key, Predicate<T> handler) {
        if (parallelism == 1 || items.size() <= 1) {
            for (T item : items) {
                if (!handler.test(item)) {
                    return false;
                }
            }
            return true;
        }
        List<List<T>> lanes = lanes(items, key);
        ConcurrentLinkedQueue<List<T>> queue = new ConcurrentLinkedQueue<>(lanes);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                List<T> lane;
                while (!stop.get() && (lane = queue.poll()) != null) {
                    for (T item : lane) {
                        if (stop.get() || !handler.test(item)) {
                            stop.set(true);
                            break;
                        }
                    }
                }
            } catch (RuntimeException | Error e) {
                stop.set(true);
                failure.compareAndSet(null, e);
            }
        };
        int extra = Math.min(parallelism, lanes.size()) - 1;
        CountDownLatch done = new CountDownLatch(extra);
        for (int i = 0; i < extra; i++) {
            try {
                executor.execute(() -> {
                    try {
                        worker.run();
                    } finally {
                        done.countDown();
                    }
                });
            } catch (RejectedExecutionException | Error e) {
                done.countDown(); // fewer workers; the others take its lanes
            }
        }
        worker.run();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the items in hand must finish before the batch may be checkpointed
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        return !stop.get();
    }
}

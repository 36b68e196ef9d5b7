package io.streamnotifier.stream.kcl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyOrderedBatchTest {

    /** An item of a batch: the item key it belongs to and its place in the batch. */
    record Item(String key, int seq) {
    }

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static List<Item> batch(int size, int keys) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(new Item("k" + (i * 7 % keys), i));
        }
        return items;
    }

    @Test
    void lanes_group_items_by_key_in_batch_order() {
        List<Item> items = List.of(new Item("a", 0), new Item("b", 1), new Item("a", 2), new Item(null, 3),
                new Item("c", 4), new Item(null, 5), new Item("b", 6));
        List<List<Item>> lanes = KeyOrderedBatch.lanes(items, Item::key);
        assertEquals(List.of(
                List.of(items.get(0), items.get(2)),
                List.of(items.get(1), items.get(6)),
                List.of(items.get(3), items.get(5)),
                List.of(items.get(4))), lanes);
    }

    @Test
    void items_of_one_key_are_handled_in_order_and_never_at_the_same_time() {
        List<Item> items = batch(400, 13);
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        boolean completed = new KeyOrderedBatch(pool, 4).run(items, Item::key, item -> {
            if (inFlight.computeIfAbsent(item.key(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            Thread.yield();
            seen.computeIfAbsent(item.key(), k -> Collections.synchronizedList(new ArrayList<>())).add(item.seq());
            inFlight.get(item.key()).decrementAndGet();
            return true;
        });
        assertTrue(completed);
        assertEquals(0, overlaps.get(), "two items of one key handled at the same time");
        assertEquals(400, seen.values().stream().mapToInt(List::size).sum(), "every item once");
        seen.forEach((key, order) -> {
            List<Integer> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertEquals(sorted, order, "order of key " + key);
        });
    }

    @Test
    void different_keys_run_at_the_same_time_up_to_the_parallelism() throws Exception {
        // four items of four keys: each waits until all four are in hand, which needs four workers at once
        CountDownLatch allIn = new CountDownLatch(4);
        AtomicInteger most = new AtomicInteger();
        AtomicInteger now = new AtomicInteger();
        boolean completed = new KeyOrderedBatch(pool, 4).run(batch(4, 4), Item::key, item -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            allIn.countDown();
            try {
                return allIn.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                now.decrementAndGet();
            }
        });
        assertTrue(completed, "four workers were in hand together");
        assertEquals(4, most.get());

        // with parallelism 2, never more than two at once
        most.set(0);
        new KeyOrderedBatch(pool, 2).run(batch(50, 50), Item::key, item -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            Thread.yield();
            now.decrementAndGet();
            return true;
        });
        assertTrue(most.get() <= 2, "at most 2 at once, saw " + most.get());
    }

    @Test
    void returns_only_after_every_started_item_finished() {
        List<Item> items = batch(100, 100);
        AtomicInteger finished = new AtomicInteger();
        new KeyOrderedBatch(pool, 4).run(items, Item::key, item -> {
            Thread.yield();
            finished.incrementAndGet();
            return true;
        });
        assertEquals(100, finished.get());
    }

    @Test
    void a_handler_that_says_stop_ends_the_batch_unfinished() {
        List<Item> items = batch(200, 200);
        AtomicInteger handled = new AtomicInteger();
        boolean completed = new KeyOrderedBatch(pool, 3).run(items, Item::key, item -> {
            int n = handled.incrementAndGet();
            return n < 10;
        });
        assertFalse(completed, "the batch must not count as completed");
        // the workers in hand may each finish one more item, no more
        assertTrue(handled.get() <= 10 + 2, "items started after the stop: " + (handled.get() - 10));
    }

    @Test
    void a_handler_failure_is_thrown_after_the_other_workers_finished() {
        AtomicInteger inHand = new AtomicInteger();
        RuntimeException thrown = assertThrows(IllegalStateException.class, () ->
                new KeyOrderedBatch(pool, 4).run(batch(100, 100), Item::key, item -> {
                    inHand.incrementAndGet();
                    try {
                        if (item.seq() == 5) {
                            throw new IllegalStateException("boom");
                        }
                        Thread.yield();
                        return true;
                    } finally {
                        inHand.decrementAndGet();
                    }
                }));
        assertEquals("boom", thrown.getMessage());
        assertEquals(0, inHand.get(), "a worker was still handling an item when run returned");
    }

    @Test
    void parallelism_one_handles_every_item_in_batch_order_on_the_calling_thread() {
        List<Item> items = batch(30, 3);
        List<Integer> order = new ArrayList<>();
        Thread caller = Thread.currentThread();
        new KeyOrderedBatch(pool, 1).run(items, Item::key, item -> {
            assertEquals(caller, Thread.currentThread());
            order.add(item.seq());
            return true;
        });
        assertEquals(items.stream().map(Item::seq).toList(), order);
    }

    @Test
    void an_error_of_a_worker_thread_is_thrown_as_it_is_after_the_other_workers_finished() {
        AtomicInteger inHand = new AtomicInteger();
        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () ->
                new KeyOrderedBatch(pool, 4).run(batch(100, 100), Item::key, item -> {
                    inHand.incrementAndGet();
                    try {
                        if (item.seq() == 5) {
                            throw new OutOfMemoryError("Java heap space");
                        }
                        Thread.yield();
                        return true;
                    } finally {
                        inHand.decrementAndGet();
                    }
                }));
        assertEquals("Java heap space", thrown.getMessage());
        assertEquals(0, inHand.get(), "no item still in hand when the batch ends");
    }

    @Test
    void a_worker_thread_that_cannot_be_started_leaves_its_lanes_to_the_others() {
        List<Item> items = batch(50, 10);
        List<Item> handled = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.Executor noThreads = task -> {
            throw new OutOfMemoryError("unable to create native thread");
        };
        assertTrue(new KeyOrderedBatch(noThreads, 4).run(items, Item::key, handled::add));
        assertEquals(50, handled.size(), "every item handled by the calling thread");
    }

    @Test
    void parallelism_below_one_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new KeyOrderedBatch(pool, 0));
    }
}

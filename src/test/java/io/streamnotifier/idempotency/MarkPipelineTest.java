package io.streamnotifier.idempotency;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MarkPipelineTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> written = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void a_mark_is_written_while_the_lane_goes_on_and_the_next_one_waits_for_it() throws Exception {
        MarkPipeline marks = new MarkPipeline(executor);
        CountDownLatch firstMayEnd = new CountDownLatch(1);

        marks.write("route shard-1", "ev-1", () -> {
            pass(firstMayEnd);
            written.add("ev-1");
        });
        // write returned with the first mark still in flight: the next record may be sent meanwhile
        assertTrue(written.isEmpty());

        Thread second = new Thread(() -> marks.write("route shard-1", "ev-2", () -> written.add("ev-2")));
        second.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.getState() == Thread.State.WAITING);
        assertTrue(written.isEmpty(), "the second mark must not start before the first is written");

        // another lane (another shard) does not wait for this one
        marks.write("route shard-2", "ev-9", () -> written.add("ev-9"));
        marks.awaitLane("route shard-2");
        assertEquals(List.of("ev-9"), written);

        firstMayEnd.countDown();
        second.join(TimeUnit.SECONDS.toMillis(10));
        marks.awaitLane("route shard-1");
        assertEquals(List.of("ev-9", "ev-1", "ev-2"), written, "a lane's marks in order");
    }

    @Test
    void awaiting_a_lane_returns_only_once_its_last_mark_is_written() {
        MarkPipeline marks = new MarkPipeline(executor);
        CountDownLatch mayEnd = new CountDownLatch(1);
        marks.write("route shard-1", "ev-1", () -> {
            pass(mayEnd);
            written.add("ev-1");
        });

        CompletableFuture<Void> batchEnd = CompletableFuture.runAsync(() -> marks.awaitLane("route shard-1"));
        assertFalse(batchEnd.isDone());
        mayEnd.countDown();
        batchEnd.join();

        assertEquals(List.of("ev-1"), written);
    }

    @Test
    void without_an_executor_each_mark_is_written_before_write_returns() {
        MarkPipeline marks = new MarkPipeline(null);

        marks.write("route shard-1", "ev-1", () -> written.add("ev-1"));

        assertEquals(List.of("ev-1"), written);
        assertFalse(marks.overlaps());
    }

    @Test
    void a_mark_that_throws_does_not_stop_the_lane() {
        MarkPipeline marks = new MarkPipeline(executor);

        marks.write("route shard-1", "ev-1", () -> {
            throw new IllegalStateException("a bug");
        });
        marks.write("route shard-1", "ev-2", () -> written.add("ev-2"));
        marks.awaitLane("route shard-1");

        assertEquals(List.of("ev-2"), written);
    }

    @Test
    void a_refusing_executor_writes_the_mark_in_place() {
        executor.shutdown();
        MarkPipeline marks = new MarkPipeline(executor);

        marks.write("route shard-1", "ev-1", () -> written.add("ev-1"));

        assertEquals(List.of("ev-1"), written);
    }

    private static void pass(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.streamnotifier.idempotency;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.streamnotifier.NotifierCounters;
import io.streamnotifier.ses.SendHeldException;
import io.streamnotifier.stream.StreamHeaders;
import io.streamnotifier.stream.kcl.BatchLookup;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.aws2.ses.Ses2Constants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

class SendOnceTest {

    private final CamelContext context = new DefaultCamelContext();
    private final FlakyStore store = new FlakyStore();
    private final NotifierCounters counters = new NotifierCounters();
    private final SendOnce sendOnce = new SendOnce(store, counters);

    @BeforeEach
    void start() throws Exception {
        // two routes that read records themselves (no Kamelet): their own ids key their entries
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:confirmation").routeId("order-confirmation").log("confirmation");
                from("direct:copy").routeId("owner-copy").log("copy");
            }
        });
        context.start();
        sendOnce.setCamelContext(context);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void entries_are_kept_per_route_so_a_second_route_on_the_same_record_still_sends() throws Exception {
        sendOnce.markSent(delivered("order-confirmation", "ev-1", "ses-1"));

        assertTrue(sendOnce.alreadySent(exchange("order-confirmation", "ev-1")));
        assertFalse(sendOnce.alreadySent(exchange("owner-copy", "ev-1")), "another route's entry is not this one's");
        assertEquals("ses-1", store.entries.get("order-confirmation#ev-1"));
        assertEquals(Set.of("ev-1"), sendOnce.alreadyDone("order-confirmation", List.of(record("ev-1"),
                record("ev-2"))));
        assertEquals(Set.of(), sendOnce.alreadyDone("owner-copy", List.of(record("ev-1"))));
    }

    @Test
    void a_batch_look_up_for_a_route_not_known_fails_so_that_each_record_asks_for_itself() {
        assertThrows(IllegalStateException.class, () -> sendOnce.alreadyDone("no-such-route", List.of(record("e"))));
    }

    @Test
    void the_batch_answer_on_the_exchange_is_taken_without_asking_the_store() throws Exception {
        Exchange exchange = exchange("order-confirmation", "ev-3");
        exchange.setProperty(BatchLookup.KNOWN_DONE, true);
        store.failures.set(Integer.MAX_VALUE);

        assertTrue(sendOnce.alreadySent(exchange));
    }

    @Test
    void a_mark_that_fails_after_the_send_is_tried_again_until_it_is_written() throws Exception {
        store.failures.set(3);

        sendOnce.markSent(delivered("order-confirmation", "ev-4", "ses-4"));

        assertEquals(4, store.calls.get(), "three failures, then written");
        assertEquals("ses-4", store.entries.get("order-confirmation#ev-4"));
        assertEquals(3.0, counters.registry().get("notifier.sendonce.failures")
                .tags("route", "order-confirmation", "operation", "mark").counter().count());
    }

    @Test
    void a_look_up_that_fails_is_tried_again_instead_of_failing_the_record() throws Exception {
        store.entries.put("order-confirmation#ev-5", "ses-5");
        store.failures.set(2);

        assertTrue(sendOnce.alreadySent(exchange("order-confirmation", "ev-5")));
        assertEquals(3, store.calls.get());
    }

    @Test
    void a_mark_still_failing_when_the_service_stops_lets_the_delivered_record_complete() throws Exception {
        store.failures.set(Integer.MAX_VALUE);
        CompletableFuture<Void> marking = CompletableFuture.runAsync(
                () -> sendOnce.markSent(delivered("order-confirmation", "ev-6", "ses-6")));
        // still trying (not given up) after several attempts
        await().atMost(Duration.ofSeconds(10)).until(() -> store.calls.get() >= 4);
        assertFalse(marking.isDone());

        context.stop();

        // completes normally: not dead-lettered, not held back (which would send it again at the next start)
        marking.get(5, TimeUnit.SECONDS);
        assertTrue(store.entries.isEmpty());
    }

    @Test
    void a_look_up_still_failing_when_the_service_stops_hands_the_record_back_unsent() throws Exception {
        store.failures.set(Integer.MAX_VALUE);
        Exchange exchange = exchange("order-confirmation", "ev-7");
        CompletableFuture<Boolean> looking = CompletableFuture.supplyAsync(() -> {
            try {
                return sendOnce.alreadySent(exchange);
            } catch (SendHeldException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> store.calls.get() >= 4);
        assertFalse(looking.isDone());

        context.stop();

        ExecutionException failed = assertThrows(ExecutionException.class, () -> looking.get(5, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof SendHeldException, failed.getCause().toString());
        assertTrue(failed.getCause().getMessage().contains("read again at the next start"),
                failed.getCause().getMessage());
    }

    @Test
    void with_overlapping_marks_the_record_completes_first_and_the_batch_end_waits_for_its_mark() throws Exception {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            SendOnce overlapping = new SendOnce(store, counters, executor);
            overlapping.setCamelContext(context);
            store.failures.set(2); // the mark takes two pauses (100 and 200 ms) before it is written
            Exchange first = delivered("order-confirmation", "ev-8", "ses-8");
            first.getMessage().setHeader(io.streamnotifier.stream.kcl.DdbStreamConstants.SHARD_ID, "shard-1");

            overlapping.markSent(first);
            assertFalse(store.entries.containsKey("order-confirmation#ev-8"), "the record completed before its mark");

            overlapping.batchRouted("order-confirmation", "shard-1");
            assertEquals("ses-8", store.entries.get("order-confirmation#ev-8"), "written before the batch ends");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void with_overlapping_marks_a_record_read_from_no_shard_is_marked_before_it_completes() throws Exception {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            SendOnce overlapping = new SendOnce(store, counters, executor);
            overlapping.setCamelContext(context);

            overlapping.markSent(delivered("order-confirmation", "ev-9", "ses-9")); // a replay: no shard header

            assertEquals("ses-9", store.entries.get("order-confirmation#ev-9"), "no batch end would wait for it");
        } finally {
            executor.shutdownNow();
        }
    }

    private Exchange exchange(String route, String eventId) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(StreamHeaders.ROUTE_PROPERTY, route);
        exchange.getMessage().setHeader(StreamHeaders.EVENT_ID, eventId);
        return exchange;
    }

    private Exchange delivered(String route, String eventId, String messageId) {
        Exchange exchange = exchange(route, eventId);
        exchange.getMessage().setHeader(Ses2Constants.MESSAGE_ID, messageId);
        return exchange;
    }

    private static Record record(String eventId) {
        return Record.builder().eventID(eventId).build();
    }

    /** A send-once store in memory that fails its next {@code failures} calls. */
    private static final class FlakyStore implements SentStore {

        final Map<String, String> entries = new ConcurrentHashMap<>();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        private void maybeFail() {
            calls.incrementAndGet();
            if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                throw new IllegalStateException("table not found");
            }
        }

        @Override
        public boolean wasSent(String routeId, String eventId) {
            maybeFail();
            return entries.containsKey(routeId + "#" + eventId);
        }

        @Override
        public void markSent(String routeId, String eventId, String messageId) {
            maybeFail();
            entries.put(routeId + "#" + eventId, messageId);
        }

        @Override
        public String describe() {
            return "memory";
        }
    }
}

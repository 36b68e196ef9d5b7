package io.streamnotifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdleLatencySplitTest {

    /** A GetRecords answer as DynamoDB Streams writes it: two inserts, the second keyed by a number. */
    private static final String ANSWER = """
            {"Records":[
              {"eventID":"e-1","eventName":"INSERT","dynamodb":{"Keys":{"id":{"S":"ORD-L1"}},
                "NewImage":{"id":{"S":"ORD-L1"},"email":{"S":"a@example.com"}},"SequenceNumber":"100"}},
              {"eventID":"e-2","eventName":"INSERT","dynamodb":{"Keys":{"id":{"N":"7"}},"SequenceNumber":"101"}},
              {"eventID":"e-3","eventName":"REMOVE","dynamodb":{"Keys":{"sku":{"S":"X"}},"SequenceNumber":"102"}}
            ],"NextShardIterator":"it-2"}
            """;

    @Test
    void the_keys_of_a_get_records_answer_are_read_in_order_with_the_event_id_as_fallback() {
        assertEquals(List.of("ORD-L1", "7", "e-3"),
                StreamReadProxy.keys(ANSWER.getBytes(StandardCharsets.UTF_8), "id"));
    }

    @Test
    void a_gzip_answer_is_read_and_an_empty_or_broken_one_holds_no_keys() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(ANSWER.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("ORD-L1", "7", "e-3"), StreamReadProxy.keys(zipped.toByteArray(), "id"));
        assertEquals(List.of(), StreamReadProxy.keys(
                "{\"Records\":[],\"NextShardIterator\":\"it\"}".getBytes(StandardCharsets.UTF_8), "id"));
        assertEquals(List.of(), StreamReadProxy.keys("<html>busy".getBytes(StandardCharsets.UTF_8), "id"));
        assertEquals(List.of(), StreamReadProxy.keys(new byte[0], "id"));
    }

    @Test
    void only_the_first_answer_that_carried_a_key_counts() {
        Map<String, Long> first = new HashMap<>();
        StreamReadProxy.note(List.of("ORD-L1"), 1_000, first);
        StreamReadProxy.note(List.of("ORD-L1", "ORD-L2"), 2_000, first);
        assertEquals(Map.of("ORD-L1", 1_000L, "ORD-L2", 2_000L), first);
    }

    @Test
    void each_order_is_split_at_its_answer_and_unmatched_ones_are_counted() {
        long ms = 1_000_000;
        List<IdleLatencySplit.Order> orders = List.of(
                new IdleLatencySplit.Order("ORD-L0", "l0@example.com", 0),
                new IdleLatencySplit.Order("ORD-L1", "l1@example.com", 1_000 * ms),
                // its record was never seen in an answer
                new IdleLatencySplit.Order("ORD-L2", "l2@example.com", 2_000 * ms),
                // an answer before the write belongs to another record of the same key: not this order's
                new IdleLatencySplit.Order("ORD-L3", "l3@example.com", 3_000 * ms));
        Map<String, Long> answered = Map.of("ORD-L0", 30 * ms, "ORD-L1", 1_040 * ms, "ORD-L3", 2_990 * ms);
        Map<String, Long> sent = Map.of("l0@example.com", 33 * ms, "l1@example.com", 1_050 * ms,
                "l2@example.com", 2_050 * ms, "l3@example.com", 3_050 * ms);

        IdleLatencySplit split = IdleLatencySplit.of(orders, answered, sent);

        assertEquals(List.of(30 * ms, 40 * ms), split.toReadNanos());
        assertEquals(List.of(3 * ms, 10 * ms), split.readToSendNanos());
        assertEquals(2, split.unmatched());
        assertTrue(split.measured());
        assertEquals("3.0 ms", split.readToSendP50());
        String table = split.table(List.of(33 * ms, 50 * ms));
        assertTrue(table.contains("| PutItem to the GetRecords answer (stream visibility and poll wait) | 30.0 ms | "
                + "40.0 ms | 40.0 ms | 40.0 ms |"), table);
        assertTrue(table.contains("| GetRecords answer to the SES request (the service) | 3.0 ms | 10.0 ms | 10.0 ms "
                + "| 10.0 ms |"), table);
    }

    @Test
    void no_matched_order_says_not_measured() {
        IdleLatencySplit split = IdleLatencySplit.of(
                List.of(new IdleLatencySplit.Order("ORD-L0", "l0@example.com", 0)), Map.of(), Map.of());
        assertFalse(split.measured());
        assertEquals("not measured", split.readToSendP50());
        assertEquals(1, split.unmatched());
    }

    @Test
    void an_earlier_report_gives_the_services_part_for_the_before_column(@TempDir Path dir) throws Exception {
        Path report = Files.writeString(dir.resolve("report.md"), """
                ## Idle latency: PutItem to the SES request

                | p50 | p95 | p99 | max |
                | --- | --- | --- | --- |
                | 41 ms | 70 ms | 84 ms | 120 ms |

                | part | p50 | p95 | p99 | max |
                | --- | --- | --- | --- | --- |
                | PutItem to the GetRecords answer (stream visibility and poll wait) | 27.0 ms | 50.0 ms | 60.0 ms | 70.0 ms |
                | GetRecords answer to the SES request (the service) | 14.2 ms | 20.0 ms | 24.0 ms | 30.0 ms |

                ## Start and stop
                """);
        Map<String, String> figures = Benchmark.beforeFigures(report, 100);
        assertEquals("14.2 ms", figures.get("read-to-send"));
        assertEquals("41 / 84 ms", figures.get("latency"));
    }
}

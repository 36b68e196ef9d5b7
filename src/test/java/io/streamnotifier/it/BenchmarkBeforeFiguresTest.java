package io.streamnotifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkBeforeFiguresTest {

    @Test
    void the_figures_of_an_earlier_report_are_read_by_column_name(@TempDir Path dir) throws Exception {
        Path report = Files.writeString(dir.resolve("report.md"), """
                # Benchmark: end-to-end latency and throughput

                ## Idle latency: PutItem to the SES request

                | p50 | p95 | p99 | max |
                | --- | --- | --- | --- |
                | 54 ms | 105 ms | 144 ms | 281 ms |

                ## Throughput

                | batch size | orders | RSS after | ratio to the lower ceiling | service CPU per e-mail | service CPU per e-mail, second half |
                | --- | --- | --- | --- | --- | --- |
                | 1 | 20000 | 300 MB | 0.20 | 9.00 ms | 8.00 ms (after 10000) |
                | 100 | 20000 | 328 MB | 0.58 | 3.44 ms | 2.10 ms (after 10012) |

                | batch size | e-mails | bare loop | service's rate | service / bare loop |
                | --- | --- | --- | --- | --- |
                | 100 | 5000 | 400/s | 200/s | 0.50 |
                """);
        Map<String, String> figures = Benchmark.beforeFigures(report, 100);
        assertEquals("3.44 ms", figures.get("cpu"));
        assertEquals("2.10 ms (after 10012)", figures.get("cpu-second-half"));
        assertEquals("0.58", figures.get("ratio"));
        assertEquals("328 MB", figures.get("rss"));
        assertEquals("54 / 144 ms", figures.get("latency"));
        assertEquals("0.50", figures.get("bare"));
    }
}

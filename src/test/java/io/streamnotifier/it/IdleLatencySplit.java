package io.streamnotifier.it;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The idle latency PutItem to the SES request of each order, split at the end of the first GetRecords answer that
 * carried its record ({@link StreamReadProxy}): PutItem to that answer (the stream's visibility and the poll's
 * wait) and that answer to the SES request (the service's own part). Orders with no noted answer are counted, not
 * guessed.
 */
record IdleLatencySplit(List<Long> toReadNanos, List<Long> readToSendNanos, int unmatched) {

    /** One idle order: its key in the table, its recipient, and when its PutItem was called. */
    record Order(String key, String recipient, long putAt) {
    }

    /**
     * Matches each order to the end of the first GetRecords answer that carried its key ({@code answered}) and to
     * its SES request by recipient ({@code sent}); all times are {@link System#nanoTime()}.
     */
    static IdleLatencySplit of(List<Order> orders, Map<String, Long> answered, Map<String, Long> sent) {
        List<Long> toRead = new ArrayList<>();
        List<Long> readToSend = new ArrayList<>();
        int unmatched = 0;
        for (Order order : orders) {
            Long read = answered.get(order.key());
            Long send = sent.get(order.recipient());
            if (read == null || send == null || read < order.putAt() || send < read) {
                unmatched++;
                continue;
            }
            toRead.add(read - order.putAt());
            readToSend.add(send - read);
        }
        Collections.sort(toRead);
        Collections.sort(readToSend);
        return new IdleLatencySplit(toRead, readToSend, unmatched);
    }

    boolean measured() {
        return !readToSendNanos.isEmpty();
    }

    /** The report's table of the two parts, with the whole latency's row for comparison. */
    String table(List<Long> wholeSorted) {
        StringBuilder md = new StringBuilder();
        md.append("| part | p50 | p95 | p99 | max |\n| --- | --- | --- | --- | --- |\n");
        md.append(row("PutItem to the GetRecords answer (stream visibility and poll wait)", toReadNanos));
        md.append(row("GetRecords answer to the SES request (the service)", readToSendNanos));
        md.append(row("whole: PutItem to the SES request", wholeSorted));
        return md.toString();
    }

    /** The p50 of the service's part for the targets table, or why there is none. */
    String readToSendP50() {
        return measured() ? String.format(Locale.ROOT, "%.1f ms", ms(readToSendNanos, 0.50)) : "not measured";
    }

    private static String row(String name, List<Long> sorted) {
        if (sorted.isEmpty()) {
            return "| " + name + " | - | - | - | - |\n";
        }
        return String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n", name, ms(sorted, 0.50),
                ms(sorted, 0.95), ms(sorted, 0.99), ms(sorted, 1.0));
    }

    /** The quantile of sorted nanoseconds in milliseconds, to the tenth (the same rank as {@link Benchmark#ms}). */
    static double ms(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }
}

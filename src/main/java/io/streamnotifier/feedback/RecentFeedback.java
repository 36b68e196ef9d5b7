package io.streamnotifier.feedback;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last SES events this instance read (masked recipient, no address) and the count of each state since the
 * start, for the status page.
 */
public class RecentFeedback {

    /** One event as the status page lists it. */
    public record Entry(Instant at, String state, String route, String orderKey, String recipient, String detail,
            boolean suppressed) {
    }

    private final int size;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Map<String, Long> counts = new TreeMap<>();

    public RecentFeedback(int size) {
        this.size = size;
    }

    public synchronized void add(Entry entry) {
        entries.addFirst(entry);
        while (entries.size() > size) {
            entries.removeLast();
        }
        counts.merge(entry.state(), 1L, Long::sum);
    }

    public synchronized void count(String outcome) {
        counts.merge(outcome, 1L, Long::sum);
    }

    public synchronized List<Entry> newestFirst() {
        return new ArrayList<>(entries);
    }

    public synchronized Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }
}

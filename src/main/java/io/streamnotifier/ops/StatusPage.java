package io.streamnotifier.ops;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamnotifier.Json;
import io.streamnotifier.Masking;
import io.streamnotifier.NotifierCounters;
import io.streamnotifier.deadletter.RecentDeadLetters;
import io.streamnotifier.ses.SesCircuit;
import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import io.streamnotifier.stream.kcl.DdbStreamEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The status page's data ({@code GET /status.json}) and files ({@code /status}, its script and style, served from
 * the jar): readiness, the SES circuit, each stream's shards with their saved position and lag, the counts per
 * route, e-mails sent per minute over the last hour, and the last dead letters. Nothing in it is personal data:
 * recipients are masked, reasons are log-safe, no record or order field is included. The page puts every value in
 * with {@code textContent}, never as HTML.
 */
public final class StatusPage implements AutoCloseable {

    /** The files of the page, in the jar under {@code status/}: path, resource and content type. */
    static final Map<String, String[]> FILES = Map.of(
            "/status", new String[] {"status/status.html", "text/html; charset=utf-8"},
            "/status/", new String[] {"status/status.html", "text/html; charset=utf-8"},
            "/status.js", new String[] {"status/status.js", "text/javascript; charset=utf-8"},
            "/status.css", new String[] {"status/status.css", "text/css; charset=utf-8"});

    private final CamelContext context;
    private final NotifierCounters counters;
    private final SesCircuit circuit;
    private final RecentDeadLetters deadLetters;
    private final MeterRegistry registry;
    private final LeasePositions positions;

    public StatusPage(CamelContext context, NotifierCounters counters, SesCircuit circuit,
            RecentDeadLetters deadLetters, MeterRegistry registry, LeasePositions positions) {
        this.context = context;
        this.counters = counters;
        this.circuit = circuit;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.positions = positions;
    }

    /** A file of the page, or null if there is none at this path. */
    static byte[] file(String path) throws IOException {
        String[] file = FILES.get(path);
        if (file == null) {
            return null;
        }
        try (InputStream in = StatusPage.class.getClassLoader().getResourceAsStream(file[0])) {
            if (in == null) {
                throw new IOException("resource " + file[0] + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    /** The page's data now. */
    public ObjectNode snapshot() {
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.put("service", context.getName());
        status.put("generatedAt", Instant.now().toString());
        readiness(status.putObject("readiness"));
        ObjectNode ses = status.putObject("sesCircuit");
        ses.put("state", circuit.state().name());
        ses.put("reason", Masking.maskEmailsIn(circuit.reason()));
        ses.put("openSince", circuit.openSince() == null ? null : circuit.openSince().toString());
        streams(status.putArray("streams"));
        counts(status.putArray("routes"));
        sesCalls(status.putObject("sesCalls"));
        PerMinuteCounts.Snapshot perMinute = counters.sentPerMinute().snapshot();
        ObjectNode sends = status.putObject("sentPerMinute");
        sends.put("end", perMinute.end().toString());
        ArrayNode counts = sends.putArray("counts");
        for (long count : perMinute.counts()) {
            counts.add(count);
        }
        // the SES feedback loop's rates, warnings and last events (io.streamnotifier.feedback.FeedbackStatus)
        var feedback = context.getRegistry().lookupByNameAndType("feedbackStatus",
                io.streamnotifier.feedback.FeedbackStatus.class);
        if (feedback != null) {
            status.set("feedback", feedback.snapshot());
        }
        ArrayNode letters = status.putArray("deadLetters");
        for (RecentDeadLetters.Entry entry : deadLetters.newestFirst()) {
            ObjectNode letter = letters.addObject();
            letter.put("failedAt", entry.failedAt() == null ? null : entry.failedAt().toString());
            letter.put("route", entry.routeId());
            letter.put("table", entry.table());
            letter.put("eventID", entry.eventId());
            letter.put("recipient", entry.recipient());
            letter.put("reason", entry.reason());
        }
        return status;
    }

    private void readiness(ObjectNode node) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(context);
        boolean up = results.stream().allMatch(r -> r.getState() == HealthCheck.State.UP);
        node.put("status", up ? "UP" : "DOWN");
        ArrayNode down = node.putArray("down");
        for (HealthCheck.Result result : results) {
            if (result.getState() != HealthCheck.State.UP) {
                down.add(result.getCheck().getId() + ": "
                        + Masking.maskEmailsIn(result.getMessage().orElse(result.getState().name())));
            }
        }
    }

    private void streams(ArrayNode out) {
        for (Route route : context.getRoutes()) {
            if (!(route.getConsumer() instanceof DdbStreamConsumer consumer)) {
                continue;
            }
            DdbStreamEndpoint endpoint = consumer.getEndpoint();
            ObjectNode stream = out.addObject();
            stream.put("route", notification(route));
            stream.put("table", endpoint.getTableName());
            stream.put("leaseTable", endpoint.getLeaseTable());
            stream.put("worker", endpoint.getWorkerId());
            Instant since = consumer.readingSince();
            stream.put("readingSince", since == null ? null : since.toString());
            Map<String, Long> held = consumer.shards();
            List<LeasePositions.Lease> leases = new ArrayList<>();
            try {
                leases.addAll(positions.leases(endpoint.getLeaseTable()));
            } catch (RuntimeException e) {
                stream.put("error", "could not read the lease table: " + Masking.reason(e));
            }
            Map<String, LeasePositions.Lease> byShard = new TreeMap<>();
            leases.forEach(lease -> byShard.put(lease.shard(), lease));
            held.keySet().forEach(shard -> byShard.putIfAbsent(shard, new LeasePositions.Lease(shard, null, null)));
            ArrayNode shards = stream.putArray("shards");
            byShard.values().stream()
                    .sorted(Comparator.comparing((LeasePositions.Lease l) -> "SHARD_END".equals(l.checkpoint()))
                            .thenComparing(LeasePositions.Lease::shard, Comparator.nullsLast(Comparator.reverseOrder())))
                    .forEach(lease -> {
                        ObjectNode shard = shards.addObject();
                        shard.put("shard", lease.shard());
                        shard.put("owner", lease.owner());
                        shard.put("checkpoint", lease.checkpoint());
                        shard.put("readHere", held.containsKey(lease.shard()));
                        shard.put("millisBehindLatest", held.get(lease.shard()));
                    });
        }
    }

    /** The notification a stream reader feeds: the route using the stream-source Kamelet, or the reader's own. */
    private String notification(Route route) {
        String parent = io.streamnotifier.stream.StreamRoutes.parentRouteId(context, route);
        return parent == null ? route.getRouteId() : parent;
    }

    private void counts(ArrayNode out) {
        Map<String, ObjectNode> routes = new TreeMap<>();
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof DdbStreamConsumer) {
                routes.put(notification(route), newRoute(notification(route)));
            }
        }
        counters.snapshot().forEach((key, count) -> {
            int slash = key.indexOf('/');
            String routeId = key.substring(0, slash);
            String outcome = key.substring(slash + 1);
            ObjectNode route = routes.computeIfAbsent(routeId, StatusPage::newRoute);
            String field = switch (outcome) {
                case "read" -> "read";
                case "sent" -> "sent";
                case "duplicate" -> "duplicates";
                case "retried" -> "retried";
                case "dead-lettered" -> "deadLettered";
                default -> outcome.startsWith("skipped.") ? "skipped" : null;
            };
            if (field != null) {
                route.put(field, route.path(field).asLong() + count);
            }
        });
        routes.values().forEach(out::add);
    }

    private static ObjectNode newRoute(String routeId) {
        ObjectNode route = Json.MAPPER.createObjectNode();
        route.put("route", routeId);
        for (String field : List.of("read", "skipped", "sent", "duplicates", "retried", "deadLettered")) {
            route.put(field, 0L);
        }
        return route;
    }

    /** SES calls by outcome (all routes: they share one sender); failed is every outcome but accepted. */
    private void sesCalls(ObjectNode node) {
        Map<String, Long> byOutcome = new TreeMap<>();
        for (Timer timer : registry.find("notifier.ses.send").timers()) {
            byOutcome.merge(String.valueOf(timer.getId().getTag("outcome")), timer.count(), Long::sum);
        }
        long failed = byOutcome.entrySet().stream().filter(e -> !"accepted".equals(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        node.put("accepted", byOutcome.getOrDefault("accepted", 0L));
        node.put("failed", failed);
        ObjectNode outcomes = node.putObject("failedByOutcome");
        byOutcome.forEach((outcome, count) -> {
            if (!"accepted".equals(outcome)) {
                outcomes.put(outcome, count);
            }
        });
    }

    @Override
    public void close() {
        positions.close();
    }
}

package io.streamnotifier.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.Json;
import io.streamnotifier.Masking;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each ops path answers, apart from the server that carries it ({@link OpsServer}), so that a page's content
 * changes without touching the transport: health (Camel's checks, every message and detail with its e-mail addresses
 * masked, as a check may quote a remote error), the Prometheus text of the service's registry, and the status page
 * ({@link StatusPage}: its data and files, with the headers that keep a browser from running anything but the page's
 * own script).
 */
public final class OpsPages {

    private static final Logger LOG = LoggerFactory.getLogger(OpsPages.class);

    private static final String TEXT = "text/plain; charset=utf-8";

    /** The headers of every answer of the status page: nothing cached, nothing but the page's own files run. */
    static final Map<String, String> STATUS_HEADERS = Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                    + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");

    /** Which health checks a health path answers for. */
    public enum Health { LIVENESS, READINESS, ALL }

    /** An answer: its status code, content type, body and extra headers. */
    public record Answer(int status, String type, byte[] body, Map<String, String> headers) {

        static Answer text(int status, String text, Map<String, String> headers) {
            return new Answer(status, TEXT, text.getBytes(StandardCharsets.UTF_8), headers);
        }
    }

    private final CamelContext context;
    private final PrometheusMeterRegistry metrics;
    private volatile StatusPage statusPage;

    /** Without a status page: its paths answer 404 until one is set. */
    public OpsPages(CamelContext context, PrometheusMeterRegistry metrics) {
        this.context = context;
        this.metrics = metrics;
    }

    /** Serves the status page too (set before the server starts); closed with the pages. */
    public void setStatusPage(StatusPage statusPage) {
        this.statusPage = statusPage;
    }

    public boolean hasStatusPage() {
        return statusPage != null;
    }

    /** Closes what the status page holds (its lease-table client). */
    public void close() {
        if (statusPage != null) {
            statusPage.close();
        }
    }

    /** Camel's health checks of that kind, each with its message and details masked; 503 unless all are UP. */
    public Answer health(Health kind) {
        // "full": every check with its details, not only the failing ones
        Collection<HealthCheck.Result> results = switch (kind) {
            case LIVENESS -> HealthCheckHelper.invokeLiveness(context, "full");
            case READINESS -> HealthCheckHelper.invokeReadiness(context, "full");
            case ALL -> HealthCheckHelper.invoke(context, "full");
        };
        boolean up = results.stream().allMatch(r -> r.getState() == HealthCheck.State.UP);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("status", up ? "UP" : "DOWN");
        ObjectNode checks = body.putObject("checks");
        for (HealthCheck.Result result : results) {
            ObjectNode check = checks.putObject(result.getCheck().getId());
            check.put("status", result.getState().name());
            // a check's message or details may quote a remote error, and so an address: masked like a log line
            result.getMessage().ifPresent(m -> check.put("message", Masking.maskEmailsIn(m)));
            Map<String, Object> details = new LinkedHashMap<>(result.getDetails());
            details.keySet().removeIf(k -> k.startsWith("invocation.") || k.startsWith("failure.") || k.equals("check.id")
                    || k.equals("check.group") || k.equals("check.kind"));
            if (!details.isEmpty()) {
                Map<String, String> masked = new LinkedHashMap<>();
                details.forEach((k, v) -> masked.put(k, Masking.maskEmailsIn(String.valueOf(v))));
                check.set("details", Json.MAPPER.valueToTree(masked));
            }
        }
        return new Answer(up ? 200 : 503, "application/json", pretty(body), Map.of());
    }

    /** The service's meters (and the JVM's) in the Prometheus text format. */
    public Answer metrics() {
        return new Answer(200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /**
     * A path of the status page: {@code /} leads to {@code /status}; {@code /status.json} is its data; the page's
     * files; 404 for anything else, and for every path when the page is off.
     */
    public Answer status(String path) {
        StatusPage statusPage = this.statusPage;
        if (statusPage == null) {
            return Answer.text(404, "not found\n", Map.of());
        }
        if ("/".equals(path)) {
            Map<String, String> headers = new LinkedHashMap<>(STATUS_HEADERS);
            headers.put("Location", "/status");
            return Answer.text(302, "/status\n", headers);
        }
        if ("/status.json".equals(path)) {
            try {
                return new Answer(200, "application/json", pretty(statusPage.snapshot()), STATUS_HEADERS);
            } catch (RuntimeException e) {
                LOG.warn("status page: could not gather the status ({})", Masking.reason(e));
                return Answer.text(500, "could not gather the status; see the service's log\n", STATUS_HEADERS);
            }
        }
        try {
            byte[] file = StatusPage.file(path);
            if (file == null) {
                return Answer.text(404, "not found\n", STATUS_HEADERS);
            }
            return new Answer(200, StatusPage.FILES.get(path)[1], file, STATUS_HEADERS);
        } catch (IOException e) {
            LOG.warn("status page: {}", Masking.reason(e));
            return Answer.text(500, "the page's file is missing; see the service's log\n", STATUS_HEADERS);
        }
    }

    private static byte[] pretty(ObjectNode node) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written: " + e.getOriginalMessage(), e);
        }
    }
}

package io.streamnotifier.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.Json;
import io.streamnotifier.Masking;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's small HTTP server for operators (read-only):
 * <ul>
 * <li>{@code GET /health/live}: 200 while the service runs (Camel's liveness checks), else 503;</li>
 * <li>{@code GET /health/ready}: 200 when the stream readers hold their shards and SES is reachable (Camel's
 * readiness checks with the service's own), else 503 with the reasons;</li>
 * <li>{@code GET /metrics}: the Prometheus metrics;</li>
 * <li>{@code GET /status} (and {@code /}): the status page, which reads {@code GET /status.json}
 * ({@link StatusPage}), when one is set.</li>
 * </ul>
 * The health answers give each check's message and details with any e-mail address masked ({@link Masking}): a
 * check may quote a remote error. It binds to loopback by default (a jar on a workstation); the container image
 * binds all interfaces.
 */
public final class OpsServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    private final CamelContext context;
    private final PrometheusMeterRegistry metrics;
    private final String host;
    private final int port;
    private HttpServer server;
    private ExecutorService threads;
    private StatusPage statusPage;

    public OpsServer(CamelContext context, PrometheusMeterRegistry metrics, String host, int port) {
        this.context = context;
        this.metrics = metrics;
        this.host = host;
        this.port = port;
    }

    /** Serves the status page too (set before the server starts); closed with the server. */
    public void setStatusPage(StatusPage statusPage) {
        this.statusPage = statusPage;
    }

    /** The port it listens on (the one the system chose when configured with 0). */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    @Override
    protected void doStart() throws Exception {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        threads = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "ops-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/health/live", exchange -> health(exchange, true));
        server.createContext("/health/ready", exchange -> health(exchange, false));
        server.createContext("/metrics", this::metrics);
        if (statusPage != null) {
            // contexts match by prefix: "/" takes every path no other context has, so it answers 404 itself
            server.createContext("/", this::status);
        }
        server.start();
        LOG.info("ops server on http://{}:{} (/health/live, /health/ready, /metrics{})", host, port(),
                statusPage == null ? "" : ", /status");
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
        if (statusPage != null) {
            statusPage.close();
        }
    }

    /** The status page: {@code /} leads to {@code /status}; its data and files; 404 for anything else. */
    private void status(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        var headers = exchange.getResponseHeaders();
        headers.add("Cache-Control", "no-store");
        headers.add("X-Content-Type-Options", "nosniff");
        headers.add("Referrer-Policy", "no-referrer");
        headers.add("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        if ("/".equals(path)) {
            headers.add("Location", "/status");
            write(exchange, 302, "text/plain; charset=utf-8", "/status\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if ("/status.json".equals(path)) {
            byte[] body;
            try {
                body = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(statusPage.snapshot());
            } catch (RuntimeException e) {
                LOG.warn("status page: could not gather the status ({})", Masking.reason(e));
                write(exchange, 500, "text/plain; charset=utf-8",
                        "could not gather the status; see the service's log\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            write(exchange, 200, "application/json", body);
            return;
        }
        byte[] file = StatusPage.file(path);
        if (file == null) {
            write(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        write(exchange, 200, StatusPage.FILES.get(path)[1], file);
    }

    private void health(HttpExchange exchange, boolean liveness) throws IOException {
        // "full": every check with its details, not only the failing ones
        Collection<HealthCheck.Result> results = liveness ? HealthCheckHelper.invokeLiveness(context, "full")
                : HealthCheckHelper.invokeReadiness(context, "full");
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
                check.set("details", Json.MAPPER.valueToTree(stringify(details)));
            }
        }
        write(exchange, up ? 200 : 503, "application/json", Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(body));
    }

    private static Map<String, String> stringify(Map<String, Object> details) {
        Map<String, String> out = new LinkedHashMap<>();
        details.forEach((k, v) -> out.put(k, Masking.maskEmailsIn(String.valueOf(v))));
        return out;
    }

    private void metrics(HttpExchange exchange) throws IOException {
        write(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}

package io.streamnotifier.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamnotifier.Masking;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' pages ({@link OpsPages}, read-only) over the JDK's own HTTP server, at Camel's paths and the
 * service's earlier ones:
 * <ul>
 * <li>{@code GET /observe/health/live} and {@code /health/live}: 200 while the service runs (Camel's liveness
 * checks), else 503;</li>
 * <li>{@code GET /observe/health/ready} and {@code /health/ready}: 200 when the stream readers hold their shards and
 * SES is reachable (Camel's readiness checks with the service's own), else 503 with the reasons;
 * {@code /observe/health}: both;</li>
 * <li>{@code GET /observe/metrics} and {@code /metrics}: the service's Prometheus registry;</li>
 * <li>{@code GET /status} (and {@code /}): the status page, which reads {@code GET /status.json}, when it is on.</li>
 * </ul>
 * It binds to loopback by default (a jar on a workstation); the container image binds all interfaces.
 * <p>
 * Why not Camel Main's embedded management server ({@code camel-platform-http-main}, Vert.x, {@code camel.management.*}),
 * which serves these paths to Camel users: measured on the packaged jar as a process (start until Camel's "started"
 * line, then SIGTERM; 6 runs of each in turn), it cost 0.8 to 1.4 s more CPU per start (+7 to +14 %: Vert.x, its web
 * router and Camel's platform-http classes loaded and compiled at every start) and 14 to 15 MB more peak memory, for
 * handlers the service would write anyway: Camel's health handler writes a check's message unmasked and unescaped, and
 * Camel's metrics handler serves a registry of its own. docs/operations.md, "The ops server", has the figures.
 */
public final class OpsServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    private final OpsPages pages;
    private final String host;
    private final int port;
    private HttpServer server;
    private ExecutorService threads;

    public OpsServer(OpsPages pages, String host, int port) {
        this.pages = pages;
        this.host = host;
        this.port = port;
    }

    /** The port it listens on (the one the system chose when configured with 0). */
    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    /** The paths served, each with its answer. */
    private Map<String, Function<String, OpsPages.Answer>> paths() {
        Map<String, Function<String, OpsPages.Answer>> paths = new LinkedHashMap<>();
        paths.put("/observe/health", p -> pages.health(OpsPages.Health.ALL));
        paths.put("/observe/health/live", p -> pages.health(OpsPages.Health.LIVENESS));
        paths.put("/observe/health/ready", p -> pages.health(OpsPages.Health.READINESS));
        paths.put("/health/live", p -> pages.health(OpsPages.Health.LIVENESS));
        paths.put("/health/ready", p -> pages.health(OpsPages.Health.READINESS));
        paths.put("/observe/metrics", p -> pages.metrics());
        paths.put("/metrics", p -> pages.metrics());
        return paths;
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
        Map<String, Function<String, OpsPages.Answer>> paths = paths();
        // a context takes its path and every path below it: anything but the path itself is not found
        paths.forEach((path, answer) -> server.createContext(path, exchange -> serve(exchange,
                path.equals(exchange.getRequestURI().getPath()) ? answer : OpsServer::notFound)));
        // "/" takes every path no other context has: the status page's, else not found
        server.createContext("/", exchange -> serve(exchange, pages::status));
        server.start();
        LOG.info("ops server on http://{}:{} ({}{})", host, port(), String.join(", ", paths.keySet()),
                pages.hasStatusPage() ? ", /status" : "");
    }

    private static OpsPages.Answer notFound(String path) {
        return OpsPages.Answer.text(404, "not found\n", Map.of());
    }

    private static void serve(HttpExchange exchange, Function<String, OpsPages.Answer> pages) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            OpsPages.Answer answer;
            try {
                answer = pages.apply(path);
            } catch (RuntimeException e) {
                LOG.warn("ops server: {} failed ({})", path, Masking.reason(e));
                answer = OpsPages.Answer.text(500, "failed; see the service's log\n", Map.of());
            }
            var headers = exchange.getResponseHeaders();
            answer.headers().forEach(headers::add);
            headers.add("Content-Type", answer.type());
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
        pages.close();
    }
}

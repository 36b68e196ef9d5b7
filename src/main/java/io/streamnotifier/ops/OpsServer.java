package io.streamnotifier.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.streamnotifier.Masking;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' pages (read-only, {@link OpsPages}) on Camel Main's embedded management server
 * ({@code camel-platform-http-main}, Vert.x; {@code camel.management.*}, which application.properties sets from
 * {@code notifier.ops.*}: loopback by default, the container image binds all interfaces):
 * <ul>
 * <li>{@code GET /observe/health/live} and {@code /health/live}: 200 while the service runs (Camel's liveness
 * checks), else 503;</li>
 * <li>{@code GET /observe/health/ready} and {@code /health/ready}: 200 when the stream readers hold their shards and
 * SES is reachable (Camel's readiness checks with the service's own), else 503 with the reasons;
 * {@code /observe/health}: both;</li>
 * <li>{@code GET /observe/metrics} and {@code /metrics}: the service's Prometheus registry (its meter names);</li>
 * <li>{@code GET /status} (and {@code /}): the status page, which reads {@code GET /status.json}, when it is on.</li>
 * </ul>
 * Camel's own health handler is not used: it writes a check's message and data as they are (unmasked, and unescaped
 * JSON); these handlers are put before it, so turning on {@code camel.management.health-check-enabled} changes
 * nothing. Camel's metrics handler ({@code camel-micrometer-prometheus}) is not used either: it serves a registry of
 * its own, with Camel's meter names. The handlers are added once Camel has started its services (the server among
 * them), before the routes start.
 */
public final class OpsServer extends ServiceSupport implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    /** Before any handler Camel's management server adds itself (its health handler, say). */
    private static final int FIRST = -1000;

    private final CamelContext context;
    private final OpsPages pages;
    private volatile VertxPlatformHttpRouter router;

    public OpsServer(CamelContext context, OpsPages pages) {
        this.context = context;
        this.pages = pages;
    }

    /** The port it listens on (the one the system chose when configured with 0), or -1 before it listens. */
    public int port() {
        VertxPlatformHttpRouter current = router;
        return current == null ? -1 : current.getServer().getPort();
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
        if (pages.hasStatusPage()) {
            paths.put("/", pages::status);
            for (String file : StatusPage.FILES.keySet()) {
                paths.put(file, pages::status);
            }
            paths.put("/status.json", pages::status);
        }
        return paths;
    }

    @Override
    public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
        if (router != null) {
            return;
        }
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            throw new IllegalStateException("notifier.ops.enabled is true but Camel's management server does not run"
                    + " (camel.management.enabled is false, or camel-platform-http-main is missing): set"
                    + " NOTIFIER_OPS_ENABLED=false to run without health, metrics and the status page");
        }
        VertxPlatformHttpRouter serving = server.getRouter();
        int order = FIRST;
        List<String> served = new ArrayList<>();
        for (Map.Entry<String, Function<String, OpsPages.Answer>> path : paths().entrySet()) {
            Function<String, OpsPages.Answer> answer = path.getValue();
            serving.get(path.getKey()).order(order++)
                    .blockingHandler(request -> answer(request, answer), false);
            served.add(path.getKey());
        }
        router = serving;
        LOG.info("ops server on http://{}:{} ({})", server.getHost(), port(), String.join(", ", served.stream()
                .filter(p -> !p.startsWith("/status.") && !p.equals("/status/") && !p.equals("/")).toList()));
    }

    private static void answer(RoutingContext request, Function<String, OpsPages.Answer> pages) {
        OpsPages.Answer answer;
        try {
            answer = pages.apply(request.normalizedPath());
        } catch (RuntimeException e) {
            LOG.warn("ops server: {} failed ({})", request.normalizedPath(), Masking.reason(e));
            answer = OpsPages.Answer.text(500, "failed; see the service's log\n", Map.of());
        }
        HttpServerResponse response = request.response();
        answer.headers().forEach(response::putHeader);
        response.putHeader("Content-Type", answer.type());
        response.setStatusCode(answer.status()).end(Buffer.buffer(answer.body()));
    }

    @Override
    protected void doStart() {
        // the handlers are added in onCamelContextStarted: the management server starts with Camel's services
    }

    @Override
    protected void doStop() {
        // the server is Camel's and stops with it; a request after this answers from the pages still
        router = null;
        if (pages.hasStatusPage()) {
            pages.statusPage().close();
        }
    }
}

package io.streamnotifier.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamnotifier.it.support.LocalServers;

/**
 * Idle latency benchmark: the time from the PutItem call to the SES request arriving, for orders written one at a
 * time on an idle service (the packaged jar as a process, on DynamoDB Local and the SES emulator). A recording proxy
 * in front of the emulator notes when each SendRawEmail arrives and matches it to its order by recipient.
 * Run with {@code bench/idle-latency}; it writes {@code bench/results/idle-latency.md}.
 */
public final class IdleLatency {

    private static final java.util.Set<String> RESTRICTED =
            java.util.Set.of("host", "connection", "content-length", "expect", "upgrade");

    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long intervalMs = args.length > 1 ? Long.parseLong(args[1]) : 200;
        Path out = Path.of(args.length > 2 ? args[2] : "bench/results/idle-latency.md");
        new IdleLatency().run(orders, intervalMs, out);
        System.exit(0);
    }

    private void run(int count, long intervalMs, Path out) throws Exception {
        URI ses = LocalServers.sesEndpoint();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> forward(exchange, ses));
        proxy.start();
        URI proxied = URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());

        String table = "Latency-" + UUID.randomUUID().toString().substring(0, 8);
        OrdersTable orders = OrdersTable.create(table);
        orders.seedLeases(table + "-leases", "TRIM_HORIZON");
        List<Long> latencies = new ArrayList<>();
        try (ServiceProcess service = new ServiceProcess(Path.of("target", "bench", table, "app"), table)
                .env("NOTIFIER_SES_ENDPOINT", proxied.toString())) {
            long started = System.nanoTime();
            service.start();
            // the first order tells when the service reads the stream (start-up is not part of the figure)
            String warmUp = "warmup@example.com";
            orders.put(OrdersTable.order("ORD-WARMUP", warmUp, "Harvest"));
            waitFor(warmUp, Duration.ofSeconds(120));
            long startToFirstMs = TimeUnit.NANOSECONDS.toMillis(arrivals.get(warmUp) - started);

            for (int i = 0; i < count; i++) {
                String recipient = "latency-" + i + "@example.com";
                long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
                long putAt = System.nanoTime();
                orders.put(OrdersTable.order("ORD-L" + i, recipient, "Harvest"));
                waitFor(recipient, Duration.ofSeconds(30));
                latencies.add(arrivals.get(recipient) - putAt);
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
            write(out, count, intervalMs, startToFirstMs, latencies);
        } finally {
            proxy.stop(0);
        }
    }

    private void waitFor(String recipient, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!arrivals.containsKey(recipient)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no SES request for " + recipient + " within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Notes the arrival time of a SendRawEmail by its recipient, then passes the request on to the emulator. */
    private void forward(HttpExchange exchange, URI ses) throws IOException {
        long arrived = System.nanoTime();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String recipient = recipient(new String(body, StandardCharsets.UTF_8));
        if (recipient != null) {
            arrivals.putIfAbsent(recipient, arrived);
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(ses.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().add("Content-Type", t));
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            exchange.getResponseBody().write(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        } finally {
            exchange.close();
        }
    }

    static String recipient(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("RawMessage.Data=")) {
                String data = URLDecoder.decode(pair.substring("RawMessage.Data=".length()), StandardCharsets.UTF_8);
                String mime = new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
                for (String line : mime.split("\r\n")) {
                    if (line.startsWith("To: ")) {
                        return line.substring(4).trim();
                    }
                }
            }
        }
        return null;
    }

    private static void write(Path out, int count, long intervalMs, long startToFirstMs, List<Long> nanos)
            throws IOException, InterruptedException {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        String commit = new String(new ProcessBuilder("git", "rev-parse", "--short", "HEAD").start().getInputStream()
                .readAllBytes(), StandardCharsets.UTF_8).trim();
        String report = String.format("""
                # Idle latency: PutItem to SES request

                - command: `bench/idle-latency %d %d`
                - commit %s, %s, %d cores, Java %s
                - %d orders, one every %d ms, on DynamoDB Local and the SES emulator, the service as a separate process
                  (the jar, defaults: poll interval 100 ms, batch size 100)
                - start of the process to the first e-mail of an order written at start: %d ms

                | p50 | p95 | p99 | max |
                | --- | --- | --- | --- |
                | %d ms | %d ms | %d ms | %d ms |
                """, count, intervalMs, commit, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), count, intervalMs,
                startToFirstMs, ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99), ms(sorted, 1.0));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.print(report);
    }

    private static long ms(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return TimeUnit.NANOSECONDS.toMillis(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))));
    }
}

package io.streamnotifier.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Slack incoming webhook on a free loopback port, strict as Slack is: only POST to its one secret path, a JSON
 * content type, a body that is a JSON object with a non-empty {@code text} or {@code blocks}; otherwise 400
 * {@code invalid_payload} / {@code no_text}, or 404 {@code no_service} for another path. What it answers to a valid
 * post is decided by a {@link #answer(Function) policy} (200 {@code ok} by default), e.g. 429 with Retry-After.
 * It records every request, valid or not, with the time it was answered.
 */
public final class FakeSlack implements AutoCloseable {

    /** What to answer to a valid post: its status, body and Retry-After (seconds, or null for none). */
    public record Answer(int status, String body, Integer retryAfterSeconds) {
        public static final Answer OK = new Answer(200, "ok", null);

        public static Answer rateLimited(int retryAfterSeconds) {
            return new Answer(429, "rate_limited", retryAfterSeconds);
        }
    }

    /** A request as received, numbered from 0, and what was answered. */
    public record Post(int number, String path, String contentType, String body, JsonNode json, Answer answer,
            Instant answeredAt) {
        public String text() {
            return json == null ? null : json.path("text").asText(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String path = "/services/T0000TEST/B0000TEST/" + UUID.randomUUID().toString().replace("-", "");
    private final List<Post> posts = new ArrayList<>();
    private volatile Function<Post, Answer> policy = post -> Answer.OK;

    public FakeSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.start();
    }

    /** The webhook URL; its last path segment is the secret part. */
    public URI webhookUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public String secret() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Decides the answer to each valid post (given with its number; its answer field is null). */
    public void answer(Function<Post, Answer> policy) {
        this.policy = policy;
    }

    public synchronized List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The valid posts Slack took (200). */
    public synchronized List<Post> accepted() {
        return posts.stream().filter(p -> p.answer().status() == 200).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            int number;
            synchronized (this) {
                number = posts.size();
            }
            JsonNode json = parse(body);
            Answer answer;
            if (!exchange.getRequestURI().getPath().equals(path)) {
                answer = new Answer(404, "no_service", null);
            } else if (!"POST".equals(exchange.getRequestMethod()) || contentType == null
                    || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                answer = new Answer(400, "invalid_payload", null);
            } else if (json == null || !json.isObject()) {
                answer = new Answer(400, "invalid_payload", null);
            } else if (json.path("text").asText("").isBlank() && json.path("blocks").isEmpty()) {
                answer = new Answer(400, "no_text", null);
            } else {
                answer = policy.apply(new Post(number, exchange.getRequestURI().getPath(), contentType, body, json,
                        null, null));
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            if (answer.retryAfterSeconds() != null) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(answer.retryAfterSeconds()));
            }
            synchronized (this) {
                posts.add(new Post(number, exchange.getRequestURI().getPath(), contentType, body, json, answer,
                        Instant.now()));
            }
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(out);
            }
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The time between a rate-limited post and the next request. */
    public static Duration gap(Post limited, Post next) {
        return Duration.between(limited.answeredAt(), next.answeredAt());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

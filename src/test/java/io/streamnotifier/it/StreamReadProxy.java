package io.streamnotifier.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A recording HTTP proxy in front of the DynamoDB Streams endpoint the service reads from (the benchmark's idle
 * run): it passes every request on and, for each GetRecords answer, notes when the proxy finished writing it to the
 * service ({@link System#nanoTime()}) against the key of each record it held. Only the first answer that carried a
 * key counts ({@link #firstAnswered}): the start of the service's own part of the latency.
 */
final class StreamReadProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");
    private static final Set<String> NOT_ANSWERED = Set.of("content-length", "transfer-encoding", "connection",
            "date");

    private final HttpServer server;
    private final URI target;
    private final String keyAttribute;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Long> firstAnswered = new ConcurrentHashMap<>();

    /** {@code keyAttribute}: the table's partition key, whose string value names a record's order. */
    StreamReadProxy(URI target, String keyAttribute) throws IOException {
        // the JDK's HTTP server leaves Nagle's algorithm on: every answer would wait ~40 ms for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.target = target;
        this.keyAttribute = keyAttribute;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "stream-read-proxy");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The end of the first GetRecords answer that carried each key, by key. */
    Map<String, Long> firstAnswered() {
        return firstAnswered;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            HttpResponse<byte[]> response = forward(exchange, body);
            response.headers().map().forEach((name, values) -> {
                if (!NOT_ANSWERED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
            long answered = System.nanoTime();
            if (operation != null && operation.endsWith(".GetRecords") && response.statusCode() == 200) {
                note(keys(answer, keyAttribute), answered, firstAnswered);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Notes {@code at} for each key that no earlier answer carried. */
    static void note(List<String> keys, long at, Map<String, Long> firstAnswered) {
        keys.forEach(key -> firstAnswered.putIfAbsent(key, at));
    }

    /**
     * The keys of the records of a GetRecords answer (its JSON), in order: the string (or number) value of {@code
     * keyAttribute} in each record's {@code dynamodb.Keys}, else the record's {@code eventID}. An answer that is not
     * JSON of that shape (plain or
     * gzip) holds no keys.
     */
    static List<String> keys(byte[] answer, String keyAttribute) {
        List<String> keys = new ArrayList<>();
        JsonNode root;
        try {
            boolean gzip = answer.length > 1 && (answer[0] & 0xff) == 0x1f && (answer[1] & 0xff) == 0x8b;
            root = gzip ? JSON.readTree(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(answer)))
                    : JSON.readTree(answer);
        } catch (IOException e) {
            return keys;
        }
        if (root == null) {
            return keys;
        }
        for (JsonNode record : root.path("Records")) {
            JsonNode key = record.path("dynamodb").path("Keys").path(keyAttribute);
            String value = key.path("S").isTextual() ? key.path("S").asText()
                    : key.path("N").isTextual() ? key.path("N").asText() : null;
            if (value == null && record.path("eventID").isTextual()) {
                value = record.path("eventID").asText();
            }
            if (value != null) {
                keys.add(value);
            }
        }
        return keys;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.streamnotifier.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy between the service and the SES emulator that injects SES-shaped failures, decided per request by
 * a plan that sees the message's recipient. Each fault is counted, and so is each request that reached the
 * emulator; an observer can note when each send arrived (the benchmark's clock).
 * <p>
 * It speaks both SES APIs: the service's SES API v2 (POST /v2/email/outbound-emails, a JSON body with the raw
 * message in Content.Raw.Data; errors as JSON with the code in the {@code x-amzn-ErrorType} header) and the v1
 * Query API (SendRawEmail, a form; errors as XML) that the benchmark's bare send loop calls. Each v2 send request
 * is kept, without its message, for the tests to see what reached SES ({@link #sendRequests()}).
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does with one SendRawEmail request. */
    public enum Fault {
        /** passes the request on */
        PASS,
        /** "Maximum sending rate exceeded.": v2 429 TooManyRequestsException (v1 400 Throttling) */
        THROTTLE,
        /** v2 500 InternalServiceErrorException (v1 500 InternalFailure) */
        ERROR_500,
        /** closes the connection without an answer */
        RESET,
        /** passes the request on (the e-mail is accepted) but answers after the client's timeout */
        SLOW,
        /** sending paused for the account: v2 400 SendingPausedException (v1 400 AccountSendingPausedException) */
        ACCOUNT_PAUSED,
        /** 400 MessageRejected, naming the recipient */
        REJECT,
        /**
         * denied on the sender identity (an IAM policy that allows other From addresses only): v2 403
         * AccessDeniedException (v1 403 AccessDenied)
         */
        ACCESS_DENIED
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");

    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<Fault, AtomicLong> counts = new ConcurrentHashMap<>();
    private final java.util.Queue<Long> passMillis = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger sendsInFlight = new AtomicInteger();
    private final long slowMillis;
    private volatile Function<String, Fault> plan = recipient -> Fault.PASS;
    /** A canned answer: a body with status 200, or an SES error (code and message). */
    private record Canned(int status, String code, String body) {
    }

    private final Map<String, Canned> answers = new ConcurrentHashMap<>();
    private final java.util.Queue<JsonNode> sendRequests = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Decides first, by the From address; null from it leaves the decision to {@link #plan}. */
    private volatile Function<String, Fault> senderPlan = sender -> null;
    private volatile BiConsumer<String, Long> observer = (recipient, nanos) -> { };
    private static FaultProxy shared;

    /**
     * The proxy the integration tests share (they run one after the other): in front of the local SES emulator,
     * answering {@link Fault#SLOW} after 700 ms. Each test sets its plan (and resets the counts) before its service
     * starts.
     */
    public static synchronized FaultProxy shared() {
        if (shared == null) {
            try {
                shared = new FaultProxy(LocalServers.sesEndpoint(), 700);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** {@code slowMillis}: how late a {@link Fault#SLOW} answer comes (more than the service's SES timeout). */
    public FaultProxy(URI target, long slowMillis) throws IOException {
        // the JDK's HTTP server leaves Nagle's algorithm on: every answer would wait ~40 ms for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.target = target;
        this.slowMillis = slowMillis;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fault-proxy");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Sets what happens to each next request, by its recipient (null when the request is not a send). */
    public void plan(Function<String, Fault> plan) {
        this.plan = plan;
        this.senderPlan = sender -> null;
    }

    /**
     * Sets what happens to each next request by its sender (the From address), before the recipient's plan: null
     * leaves the request to that plan. Set after {@link #plan}, which clears it.
     */
    public void planBySender(Function<String, Fault> senderPlan) {
        this.senderPlan = senderPlan;
    }

    /** Called with the recipient and the arrival time ({@link System#nanoTime()}) of every SendRawEmail. */
    public void observe(BiConsumer<String, Long> observer) {
        this.observer = observer;
    }

    /** How many requests got this fault (PASS: passed on without one). */
    public long count(Fault fault) {
        return counts.computeIfAbsent(fault, f -> new AtomicLong()).get();
    }

    public void resetCounts() {
        counts.clear();
        passMillis.clear();
        sendRequests.clear();
    }

    /**
     * The SES v2 SendEmail requests that reached the proxy since the last {@link #resetCounts()} (at most the last
     * 10,000), oldest first, each without its Content (the message): ConfigurationSetName, EmailTags,
     * FromEmailAddress, Destination, as the client sent them.
     */
    public List<JsonNode> sendRequests() {
        return List.copyOf(sendRequests);
    }

    /**
     * How many passed requests were answered more than {@code millis} after they arrived: on a loaded machine the
     * client may have timed out on some of them although SES accepted the e-mail, just as with {@link Fault#SLOW}.
     */
    public long passedLaterThan(long millis) {
        return passMillis.stream().filter(elapsed -> elapsed > millis).count();
    }

    /** The sends that arrived and are not answered yet (the e-mail may already be with the emulator). */
    public int sendsInFlight() {
        return sendsInFlight.get();
    }

    /**
     * Answers a call with this body (status 200) instead of passing it on: the emulator implements only the send
     * calls, and the {@code check} command's SES lines need others. {@code call} is an SES v2 request's method and
     * path (decoded), or the start of it ({@code GET /v2/email/account}, {@code GET /v2/email/identities/}; the body
     * is JSON), or an SES v1 Query API action ({@code GetSendQuota}; the body is XML). The longest matching call
     * wins.
     */
    public void answer(String call, String body) {
        answers.put(call, new Canned(200, null, body));
    }

    /** Answers a call (as in {@link #answer}) with an SES error, in the format of the call's API. */
    public void answerError(String call, int status, String code, String message) {
        answers.put(call, new Canned(status, code, message));
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        boolean v2 = path.startsWith("/v2/");
        String text = new String(body, StandardCharsets.UTF_8);
        Canned canned = canned(exchange.getRequestMethod() + " " + path, v2 ? null : text);
        if (canned != null) {
            try {
                if (canned.code() == null) {
                    answer(exchange, 200, canned.body().getBytes(StandardCharsets.UTF_8), v2);
                } else {
                    error(exchange, v2, canned.status(), canned.code(), canned.body());
                }
            } finally {
                exchange.close();
            }
            return;
        }
        String mime = v2 ? v2Message(text, path) : v1Message(text);
        String recipient = header(mime, "To: ");
        if (recipient != null) {
            sendsInFlight.incrementAndGet();
            observer.accept(recipient, arrived);
        }
        String sender = header(mime, "From: ");
        Fault bySender = sender == null ? null : senderPlan.apply(sender);
        Fault fault = bySender != null ? bySender : recipient == null ? Fault.PASS : plan.apply(recipient);
        counts.computeIfAbsent(fault, f -> new AtomicLong()).incrementAndGet();
        try {
            switch (fault) {
                case PASS -> {
                    forward(exchange, body);
                    passMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - arrived));
                }
                case SLOW -> {
                    HttpResponse<byte[]> response = send(exchange, body);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(slowMillis));
                    answer(exchange, response.statusCode(), response.body(), v2);
                }
                case THROTTLE -> error(exchange, v2, v2 ? 429 : 400, v2 ? "TooManyRequestsException" : "Throttling",
                        "Maximum sending rate exceeded.");
                case ERROR_500 -> error(exchange, v2, 500, v2 ? "InternalServiceErrorException" : "InternalFailure",
                        "The request processing has failed because of an unknown error.");
                case ACCOUNT_PAUSED -> error(exchange, v2, 400,
                        v2 ? "SendingPausedException" : "AccountSendingPausedException",
                        "Email sending is disabled for your entire Amazon SES account.");
                case REJECT -> error(exchange, v2, 400, "MessageRejected", "Email address is not verified. The "
                        + "following identities failed the check in region US-EAST-1: " + recipient);
                case ACCESS_DENIED -> error(exchange, v2, 403, v2 ? "AccessDeniedException" : "AccessDenied",
                        "User `arn:aws:iam::000000000000:user/notifier' is not authorized to perform "
                                + "`ses:SendRawEmail' on resource `arn:aws:ses:us-east-1:000000000000:identity/"
                                + sender + "'");
                case RESET -> {
                    // no answer: the client sees the connection end
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
            if (recipient != null) {
                sendsInFlight.decrementAndGet();
            }
        }
    }

    /** The canned answer for a v2 call ("METHOD /path") or, with the form of a v1 request, for its action. */
    private Canned canned(String call, String v1Form) {
        String best = null;
        for (String key : answers.keySet()) {
            boolean matches = key.contains(" /") ? call.startsWith(key)
                    : v1Form != null && ("&" + v1Form + "&").contains("&Action=" + key + "&");
            if (matches && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        return best == null ? null : answers.get(best);
    }

    /** The MIME message of an SES v2 SendEmail request (kept without it in {@link #sendRequests}), or null. */
    private String v2Message(String json, String path) {
        if (!path.equals("/v2/email/outbound-emails")) {
            return null;
        }
        try {
            JsonNode request = JSON.readTree(json);
            String data = request.path("Content").path("Raw").path("Data").asText(null);
            if (request instanceof ObjectNode object) {
                object.remove("Content");
                sendRequests.add(object);
                while (sendRequests.size() > 10_000) {
                    sendRequests.poll();
                }
            }
            return data == null ? null : new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The MIME message of an SES v1 SendRawEmail request (a form), or null. */
    private static String v1Message(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("RawMessage.Data=")) {
                String data = URLDecoder.decode(pair.substring("RawMessage.Data=".length()), StandardCharsets.UTF_8);
                return new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(exchange, body);
        answer(exchange, response.statusCode(), response.body(), exchange.getRequestURI().getPath().startsWith("/v2/"));
    }

    private HttpResponse<byte[]> send(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void answer(HttpExchange exchange, int status, byte[] body, boolean json) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", json ? "application/json" : "text/xml");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    /**
     * An error as SES writes it: for the v2 API, JSON with the code in the {@code x-amzn-ErrorType} header; for the
     * v1 Query API, its XML.
     */
    private static void error(HttpExchange exchange, boolean v2, int status, String code, String message)
            throws IOException {
        String requestId = java.util.UUID.randomUUID().toString();
        if (v2) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/"
                    + "com.amazonaws.sesv2/");
            exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
            answer(exchange, status, JSON.writeValueAsBytes(Map.of("message", message)), true);
            return;
        }
        String xml = "<ErrorResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><Error><Type>"
                + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + code + "</Code><Message>" + message
                + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
        answer(exchange, status, xml.getBytes(StandardCharsets.UTF_8), false);
    }

    /** The address of a header of a MIME message (the part in angle brackets if any), or null. */
    static String header(String mime, String prefix) {
        if (mime == null) {
            return null;
        }
        for (String line : mime.split("\r\n")) {
            if (line.isEmpty()) {
                return null; // the end of the headers
            }
            if (line.startsWith(prefix)) {
                String value = line.substring(prefix.length()).trim();
                int open = value.lastIndexOf('<');
                int close = value.lastIndexOf('>');
                return open >= 0 && close > open ? value.substring(open + 1, close) : value;
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

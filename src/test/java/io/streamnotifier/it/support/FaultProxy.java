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

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy between the service and the SES emulator that injects SES-shaped failures, decided per request by
 * a plan that sees the message's recipient. Each fault is counted, and so is each request that reached the
 * emulator; an observer can note when each send arrived (the benchmark's clock).
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does with one SendRawEmail request. */
    public enum Fault {
        /** passes the request on */
        PASS,
        /** 400 Throttling "Maximum sending rate exceeded." */
        THROTTLE,
        /** 500 InternalFailure */
        ERROR_500,
        /** closes the connection without an answer */
        RESET,
        /** passes the request on (the e-mail is accepted) but answers after the client's timeout */
        SLOW,
        /** 400 AccountSendingPausedException */
        ACCOUNT_PAUSED,
        /** 400 MessageRejected, naming the recipient */
        REJECT,
        /** 403 AccessDenied on the sender identity (an IAM policy that allows other From addresses only) */
        ACCESS_DENIED
    }

    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");

    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<Fault, AtomicLong> counts = new ConcurrentHashMap<>();
    private final java.util.Queue<Long> passMillis = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger sendsInFlight = new AtomicInteger();
    private final long slowMillis;
    private volatile Function<String, Fault> plan = recipient -> Fault.PASS;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
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
     * Answers the SES Query API action (e.g. {@code GetSendQuota}) with this XML instead of passing it on: the
     * emulator implements only the send calls, and the {@code check} command's SES lines need the others.
     */
    public void answer(String action, String xml) {
        answers.put(action, xml);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String form = new String(body, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> canned : answers.entrySet()) {
            if (("&" + form + "&").contains("&Action=" + canned.getKey() + "&")) {
                try {
                    answer(exchange, 200, canned.getValue().getBytes(StandardCharsets.UTF_8));
                } finally {
                    exchange.close();
                }
                return;
            }
        }
        String recipient = recipient(new String(body, StandardCharsets.UTF_8));
        if (recipient != null) {
            sendsInFlight.incrementAndGet();
            observer.accept(recipient, arrived);
        }
        String sender = header(new String(body, StandardCharsets.UTF_8), "From: ");
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
                    answer(exchange, response.statusCode(), response.body());
                }
                case THROTTLE -> error(exchange, 400, "Sender", "Throttling", "Maximum sending rate exceeded.");
                case ERROR_500 -> error(exchange, 500, "Receiver", "InternalFailure",
                        "The request processing has failed because of an unknown error.");
                case ACCOUNT_PAUSED -> error(exchange, 400, "Sender", "AccountSendingPausedException",
                        "Email sending is disabled for your entire Amazon SES account.");
                case REJECT -> error(exchange, 400, "Sender", "MessageRejected",
                        "Email address is not verified. The following identities failed the check in region "
                                + "US-EAST-1: " + recipient);
                case ACCESS_DENIED -> error(exchange, 403, "Sender", "AccessDenied", "User `arn:aws:iam::"
                        + "000000000000:user/notifier' is not authorized to perform `ses:SendRawEmail' on resource "
                        + "`arn:aws:ses:us-east-1:000000000000:identity/" + sender + "'");
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

    private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(exchange, body);
        answer(exchange, response.statusCode(), response.body());
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

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    /** An error as SES's query API writes it. */
    private static void error(HttpExchange exchange, int status, String type, String code, String message)
            throws IOException {
        String xml = "<ErrorResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><Error><Type>" + type
                + "</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>"
                + java.util.UUID.randomUUID() + "</RequestId></ErrorResponse>";
        answer(exchange, status, xml.getBytes(StandardCharsets.UTF_8));
    }

    /** The To address of a SendRawEmail request, or null. */
    static String recipient(String form) {
        return header(form, "To: ");
    }

    /** The address of a header of a SendRawEmail request's message (the part in angle brackets if any), or null. */
    static String header(String form, String prefix) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("RawMessage.Data=")) {
                String data = URLDecoder.decode(pair.substring("RawMessage.Data=".length()), StandardCharsets.UTF_8);
                String mime = new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
                for (String line : mime.split("\r\n")) {
                    if (line.startsWith(prefix)) {
                        String value = line.substring(prefix.length()).trim();
                        int open = value.lastIndexOf('<');
                        int close = value.lastIndexOf('>');
                        return open >= 0 && close > open ? value.substring(open + 1, close) : value;
                    }
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.streamnotifier.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The real local servers the integration tests run against, each in its own process: DynamoDB Local, ElasticMQ
 * (SQS), the SES emulator (npm aws-ses-v2-local) and the SNS emulator (npm fauxqs). Each is started at its first
 * use, once per test JVM, on a free loopback port through its launcher in {@code local-stack/bin/} (installed by
 * {@code local-stack/install}), and stopped with its whole process tree when the JVM exits. Their output goes to
 * {@code target/local-stack-logs/}.
 * Paths are relative to the working directory, which must be the project root (as under Failsafe).
 */
public final class LocalServers {

    private static final Path BIN = Path.of("local-stack", "bin").toAbsolutePath();
    private static final Path LOGS = Path.of("target", "local-stack-logs").toAbsolutePath();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Server dynamoDb;
    private static Server sqs;
    private static Server ses;
    private static Server sns;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LocalServers::stopAll, "local-servers-stop"));
    }

    private LocalServers() {
    }

    /** DynamoDB Local, in memory, one database for every access key and region; stream ARNs say {@code ddblocal}. */
    public static synchronized URI dynamoDbEndpoint() {
        if (dynamoDb == null) {
            dynamoDb = Server.start("dynamodb-local", endpoint -> {
                try (DynamoDbClient client = readinessClient(DynamoDbClient.builder(), endpoint)) {
                    client.listTables();
                }
            });
        }
        return dynamoDb.endpoint();
    }

    /** ElasticMQ, an SQS-compatible server, in memory; queue URLs are {@code <endpoint>/000000000000/<name>}. */
    public static synchronized URI sqsEndpoint() {
        if (sqs == null) {
            sqs = Server.start("elasticmq", endpoint -> {
                try (SqsClient client = readinessClient(SqsClient.builder(), endpoint)) {
                    client.listQueues();
                }
            });
        }
        return sqs.endpoint();
    }

    /** The SES emulator (SES v1 SendEmail and SendRawEmail, SES v2 too), in memory: see {@link #sesStore()}. */
    public static synchronized URI sesEndpoint() {
        if (ses == null) {
            ses = Server.start("ses-emulator", endpoint -> sesRequest(endpoint, "GET", "/store"));
        }
        return ses.endpoint();
    }

    /**
     * The SNS emulator (npm fauxqs), in memory: SNS and SQS on one endpoint; a topic delivers to the emulator's own
     * SQS queues subscribed to it. Topic ARNs: {@code arn:aws:sns:us-east-1:000000000000:NAME}.
     */
    public static synchronized URI snsEndpoint() {
        if (sns == null) {
            sns = Server.start("sns-emulator", endpoint -> {
                try (SnsClient client = readinessClient(SnsClient.builder(), endpoint)) {
                    client.listTopics();
                }
            });
        }
        return sns.endpoint();
    }

    /** A client builder set up for a local server: the endpoint, us-east-1 and dummy credentials. */
    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B client(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(ApacheHttpClient.builder());
    }

    /** Stops the SES emulator, so that sends fail with connection refused, until {@link #startSes()}. */
    public static synchronized void stopSes() {
        sesEndpoint();
        ses.stop();
    }

    /** Starts the SES emulator again, on the same port, if it is stopped. Its store starts empty. */
    public static synchronized void startSes() {
        sesEndpoint();
        if (!ses.running()) {
            ses.restart();
        }
    }

    /** Empties the SES emulator's store (POST /clear-store). */
    public static synchronized void clearSesStore() {
        sesRequest(sesEndpoint(), "POST", "/clear-store");
    }

    /**
     * What the SES emulator received (GET /store): {@code {"templates":{}, "emails":[...]}}, oldest e-mail first,
     * each {@code {"messageId", "from", "replyTo":[], "destination":{"to":[], "cc":[], "bcc":[]}, "subject",
     * "body":{"text", "html"}, "attachments":[], "at": epoch seconds}}. For SendRawEmail, the addresses are the
     * MIME headers as written (e.g. {@code "\"Shop\" <shop@example.com>"}) and the parts are decoded.
     */
    public static synchronized JsonNode sesStore() {
        try {
            return JSON.readTree(sesRequest(sesEndpoint(), "GET", "/store"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C readinessClient(
            B builder, URI endpoint) {
        return client(builder, endpoint)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(5)))
                .build();
    }

    private static String sesRequest(URI endpoint, String method, String path) {
        // a client per call: no pooled connection outlives a restart of the emulator
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + request.uri() + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static synchronized void stopAll() {
        for (Server server : new Server[] {dynamoDb, sqs, ses, sns}) {
            if (server != null) {
                server.stop();
            }
        }
    }

    /** Answers normally once the server at the endpoint serves requests, throws until then. */
    private interface Readiness {
        void check(URI endpoint) throws Exception;
    }

    private static final class Server {
        private final String name;
        private final Readiness readiness;
        private final Path log;
        private int port;
        private Process process;

        private Server(String name, Readiness readiness) {
            this.name = name;
            this.readiness = readiness;
            this.log = LOGS.resolve(name + ".log");
        }

        /** Starts on a free port, on another one if that was taken meanwhile (the launcher then exits). */
        static Server start(String name, Readiness readiness) {
            Server server = new Server(name, readiness);
            for (int attempt = 1; ; attempt++) {
                server.port = freePort();
                try {
                    server.restart();
                    return server;
                } catch (ExitedException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }

        boolean running() {
            return process != null && process.isAlive();
        }

        /** Starts the launcher on this server's port and waits until the server answers. */
        void restart() {
            Path launcher = BIN.resolve(name);
            if (!Files.isExecutable(launcher)) {
                throw new IllegalStateException(launcher + " not found: the working directory must be the project root");
            }
            try {
                Files.createDirectories(LOGS);
                Files.writeString(log, "=== " + Instant.now() + " " + launcher + " " + port + System.lineSeparator(),
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                ProcessBuilder builder = new ProcessBuilder(launcher.toString(), Integer.toString(port));
                // DynamoDB Local accepts requests to roll its streams' shards over (OrdersTable.rollShardsOver)
                builder.environment().put("DYNAMODB_LOCAL_TEST_CONTROL", "true");
                process = builder
                        .directory(LOGS.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + launcher, e);
            }
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            Exception lastFailure = null;
            while (true) {
                try {
                    readiness.check(endpoint());
                    return;
                } catch (Exception e) {
                    lastFailure = e;
                }
                if (!process.isAlive()) {
                    int exit = process.exitValue();
                    process = null;
                    throw new ExitedException(name + " on port " + port + " exited with " + exit + "; end of " + log
                            + ":\n" + tail(log));
                }
                if (Instant.now().isAfter(deadline)) {
                    stop();
                    throw new IllegalStateException(name + " on port " + port + " did not answer within "
                            + START_TIMEOUT + " (last: " + lastFailure + "); end of " + log + ":\n" + tail(log));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }

        /** Stops the server and everything it started, and waits for them to exit. */
        void stop() {
            if (process == null) {
                return;
            }
            List<ProcessHandle> tree = process.descendants().toList();
            tree.forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    tree.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                for (ProcessHandle child : tree) {
                    child.onExit().get(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                tree.forEach(ProcessHandle::destroyForcibly);
            }
            process = null;
        }
    }

    private static final class ExitedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ExitedException(String message) {
            super(message);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}

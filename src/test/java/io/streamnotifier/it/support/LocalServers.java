package io.streamnotifier.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The real local servers the integration tests run against, each in its own process, started once per test JVM
 * on a free loopback port through the launchers in {@code local-stack/bin/} (the build installs what they run;
 * see {@code local-stack/pom.xml}) and stopped when the JVM exits. Their output goes to
 * {@code target/local-stack-logs/}.
 */
public final class LocalServers {

    private static final Path BIN = Path.of("local-stack", "bin");
    private static final Path LOGS = Path.of("target", "local-stack-logs");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private static Server dynamoDb;
    private static Server sqs;
    private static Server ses;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LocalServers::stopAll, "local-servers-stop"));
    }

    private LocalServers() {
    }

    /** DynamoDB Local, in memory. */
    public static synchronized URI dynamoDbEndpoint() {
        if (dynamoDb == null) {
            dynamoDb = new Server("dynamodb-local", "/", false);
            dynamoDb.start();
        }
        return dynamoDb.endpoint();
    }

    /** ElasticMQ, an SQS-compatible server. */
    public static synchronized URI sqsEndpoint() {
        if (sqs == null) {
            sqs = new Server("elasticmq", "/", false);
            sqs.start();
        }
        return sqs.endpoint();
    }

    /** The SES emulator (npm aws-ses-v2-local): GET /store lists what it received. */
    public static synchronized URI sesEndpoint() {
        if (ses == null) {
            ses = new Server("ses-emulator", "/store", true);
            ses.start();
        }
        return ses.endpoint();
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

    /** Starts the SES emulator again on the same port (its store starts empty). */
    public static synchronized void startSes() {
        sesEndpoint();
        if (!ses.running()) {
            ses.start();
        }
    }

    private static synchronized void stopAll() {
        for (Server server : new Server[] {dynamoDb, sqs, ses}) {
            if (server != null) {
                server.stop();
            }
        }
    }

    private static final class Server {
        private final String name;
        private final String readyPath;
        private final boolean needs200;
        private final int port;
        private Process process;

        Server(String name, String readyPath, boolean needs200) {
            this.name = name;
            this.readyPath = readyPath;
            this.needs200 = needs200;
            this.port = freePort();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }

        boolean running() {
            return process != null && process.isAlive();
        }

        void start() {
            Path log = LOGS.resolve(name + ".log");
            try {
                Files.createDirectories(LOGS);
                process = new ProcessBuilder(BIN.resolve(name).toAbsolutePath().toString(), Integer.toString(port))
                        .directory(LOGS.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + name + " (" + BIN.resolve(name) + ")", e);
            }
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (!answers()) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    String why = process.isAlive() ? "did not answer within " + START_TIMEOUT : "exited";
                    stop();
                    throw new IllegalStateException(name + " on port " + port + " " + why + "; end of " + log + ":\n"
                            + tail(log));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }

        private boolean answers() {
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(endpoint().resolve(readyPath))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                return !needs200 || response.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void stop() {
            if (process == null) {
                return;
            }
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}

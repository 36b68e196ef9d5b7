package io.streamnotifier.it;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.streamnotifier.config.IdempotencySettings;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.LocalServers;
import io.streamnotifier.mail.MimeComposer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The benchmark behind {@code bench/run}: the packaged jar as a process on DynamoDB Local and the SES emulator,
 * with a proxy in front of the emulator ({@link FaultProxy}, passing everything) that notes when each SendRawEmail
 * arrives (matched to its order by recipient). It measures, in one run:
 * <ul>
 * <li>idle latency: orders written one at a time; PutItem call to the SES request;</li>
 * <li>throughput: orders written as fast as BatchWriteItem allows, per stream batch size; e-mails per second and
 * the time to drain them;</li>
 * <li>the ceilings: a bare GetRecords loop over the same stream with the same batch size, and bare loops sending
 * raw e-mails through the same proxy with the service's concurrency (its parallelism per shard; the table has one
 * shard);</li>
 * <li>footprint: process start to the first stream read, resident memory after each throughput run.</li>
 * </ul>
 * It writes {@code report.md} and {@code chart.png} to the output directory.
 */
public final class Benchmark {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS");
    private static final Pattern FIRST_READ = Pattern.compile("^(\\S+) INFO .*ShardProcessor - reading shard",
            Pattern.MULTILINE);

    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final Map<String, String> options;
    private final String loadAtStart = loadAverage();
    private URI proxied;
    /** In front of DynamoDB Streams for the idle run: when each order's record was first answered. */
    private StreamReadProxy streamProxy;

    /**
     * The idle run: latencies, then the start-up as a user meets it, on the brand-new table (nothing prepared,
     * default starting position) and after a restart with the table's leases in place, and the idle stop before it.
     */
    record Idle(List<Long> latencyNanos, Start first, Start restart, long idleStopMs, IdleLatencySplit split) {
    }

    record Throughput(int batchSize, int orders, long writeMs, long drainMs, double sustainedPerSecond,
            int[] perSecond, long startToFirstReadMs, long rssMb, double streamCeiling, double sesCeiling,
            String profile, double serviceCpuMsPerMail, double machineBusy, int backlog, double backlogPerSecond,
            Bare bare, Steady steady) {

        /** Below this backlog at the last write, the service kept up with the writer: the run shows the input rate. */
        static final int MEASURABLE_BACKLOG = 1000;

        /** The service's own rate: draining the backlog left at the last write when there was one, else the run's. */
        double rate() {
            return backlog >= MEASURABLE_BACKLOG ? Math.max(sustainedPerSecond, backlogPerSecond) : sustainedPerSecond;
        }

        double ratio() {
            return rate() / Math.min(streamCeiling, sesCeiling);
        }
    }

    /**
     * The service's CPU per e-mail over the e-mails sent after half of the run's had been ({@code from} of them
     * then): its code compiled by then, as in a service that has run a while.
     */
    record Steady(int from, double cpuMsPerMail) {
    }

    /** The bare loop's run ({@link BareLoop}): e-mails per second and its process's CPU per e-mail. */
    record Bare(int sent, double perSecond, double cpuMsPerMail) {
    }

    private Benchmark(Map<String, String> options) {
        this.options = options;
    }

    /**
     * Options: {@code --idle-orders 200 --interval-ms 200 --orders 20000 --batch-sizes 1,100,1000 --out
     * bench/results}, {@code --only idle} (idle latency alone), {@code --profile yes} (a JFR recording of each
     * throughput run, summarised in the report, with its CPU per e-mail by phase), {@code --profile-before
     * FILE.jfr=CPU_MS_PER_MAIL} (a column for an earlier recording beside it), and the service's settings: {@code --parallelism N},
     * {@code --poll-ms N}, {@code --busy-poll-ms N}, {@code --jvm-options FILE|none} (default: the project's
     * jvm.options), {@code --class-archive yes|no} (default yes: bin/create-class-archive in the service's
     * directory before it starts, as the image build does).
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int status = 0;
        try {
            new Benchmark(options).run(String.join(" ", args));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private int intOption(String name, int otherwise) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(otherwise)));
    }

    private void run(String commandLine) throws Exception {
        Path out = Path.of(options.getOrDefault("out", "bench/results"));
        Files.createDirectories(out);
        FaultProxy proxy = new FaultProxy(LocalServers.sesEndpoint(), 0);
        proxy.observe(arrivals::putIfAbsent);
        proxied = proxy.endpoint();
        streamProxy = new StreamReadProxy(LocalServers.dynamoDbEndpoint(), "id");
        try {
            Idle idle = idle(intOption("idle-orders", 200), intOption("interval-ms", 200));
            List<Throughput> runs = new ArrayList<>();
            if (!"idle".equals(options.get("only"))) {
                for (String size : options.getOrDefault("batch-sizes", "1,100,1000").split(",")) {
                    runs.add(throughput(Integer.parseInt(size.trim()), intOption("orders", 20_000)));
                }
            }
            report(out, commandLine, idle, runs);
        } finally {
            proxy.close();
            streamProxy.close();
        }
    }

    private ServiceProcess service(String table, int batchSize) throws IOException {
        OrdersTable.create(table);
        ServiceProcess service = new ServiceProcess(Path.of("target", "bench", table, "app"), table);
        if (options.containsKey("poll-ms")) {
            service.env("NOTIFIER_POLL_INTERVAL_MS", options.get("poll-ms"));
        }
        if (options.containsKey("busy-poll-ms")) {
            service.env("NOTIFIER_BUSY_POLL_INTERVAL_MS", options.get("busy-poll-ms"));
        }
        if (options.containsKey("parallelism")) {
            service.env("NOTIFIER_PARALLELISM", options.get("parallelism"));
        }
        if (options.containsKey("overlap-mark")) {
            service.env("NOTIFIER_IDEMPOTENCY_OVERLAP_MARK", Boolean.toString(options.get("overlap-mark").equals("yes")));
        }
        String jvmOptions = options.getOrDefault("jvm-options", "jvm.options");
        if (jvmOptions.equals("none")) {
            Files.writeString(service.dir().resolve("jvm.options"), "");
        } else if (!jvmOptions.equals("jvm.options")) {
            Files.copy(Path.of(jvmOptions), service.dir().resolve("jvm.options"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (options.containsKey("profile") && !table.startsWith("BenchIdle")) {
            // JFR: CPU samples, and every blocking socket read, to see where the reading threads wait
            service.env("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording:filename=" + recording(table)
                    + ",settings=profile,jdk.SocketRead#threshold=0ms");
        }
        if (table.startsWith("BenchIdle")) {
            // the idle run reads the stream through the recording proxy; DynamoDB itself stays direct
            service.env("NOTIFIER_DYNAMODB_STREAMS_ENDPOINT", streamProxy.endpoint().toString())
                    .env("NOTIFIER_DYNAMODB_ENDPOINT", LocalServers.dynamoDbEndpoint().toString());
        }
        Files.deleteIfExists(service.dir().resolve("stream-notifier.jsa"));
        if (classArchive()) {
            // as the image build does: a class-data archive of the start-up's classes (AppCDS)
            Process training = new ProcessBuilder("bin/create-class-archive", service.dir().toString()).inheritIO()
                    .start();
            try {
                if (training.waitFor() != 0) {
                    throw new IllegalStateException("bin/create-class-archive failed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return service
                .env("NOTIFIER_SES_ENDPOINT", proxied.toString())
                .env("NOTIFIER_BATCH_SIZE", Integer.toString(batchSize))
                .env("NOTIFIER_IDEMPOTENCY_TABLE", table + "-sent");
    }

    /** A start: process start to its first stream read, and to the first e-mail of an order written at start. */
    record Start(long toFirstReadMs, long toFirstMailMs) {
    }

    /** Starts the service and writes an order at once: when is it read, and when e-mailed. */
    private Start start(ServiceProcess service, OrdersTable orders, String recipient) throws Exception {
        Instant wallStart = Instant.now();
        long started = System.nanoTime();
        service.start();
        orders.put(OrdersTable.order("ORD-" + recipient.substring(0, recipient.indexOf('@')), recipient, "Harvest"));
        waitFor(List.of(recipient), Duration.ofSeconds(120));
        return new Start(firstReadMs(service, wallStart),
                TimeUnit.NANOSECONDS.toMillis(arrivals.get(recipient) - started));
    }

    private Idle idle(int count, long intervalMs) throws Exception {
        String table = "BenchIdle-" + UUID.randomUUID().toString().substring(0, 8);
        List<Long> latencies = new ArrayList<>();
        List<IdleLatencySplit.Order> written = new ArrayList<>();
        OrdersTable orders = new OrdersTable(OrdersTable.client(LocalServers.dynamoDbEndpoint()), table);
        // the first start as a user meets it: the default starting position (LATEST), no lease table
        try (ServiceProcess service = service(table, 100).unset("NOTIFIER_STARTING_POSITION")) {
            Start first = start(service, orders, table.toLowerCase(Locale.ROOT) + "-first@example.com");
            for (int i = 0; i < count; i++) {
                String recipient = table.toLowerCase(Locale.ROOT) + "-" + i + "@example.com";
                long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
                long putAt = System.nanoTime();
                orders.put(OrdersTable.order("ORD-L" + i, recipient, "Harvest"));
                written.add(new IdleLatencySplit.Order("ORD-L" + i, recipient, putAt));
                waitFor(List.of(recipient), Duration.ofSeconds(30));
                latencies.add(arrivals.get(recipient) - putAt);
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
            long stopping = System.nanoTime();
            service.stop(); // SIGTERM to the idle service, and wait for the process to end
            long idleStopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
            Files.move(service.log(), service.dir().resolve("first-start.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Start restart = start(service, orders, table.toLowerCase(Locale.ROOT) + "-restart@example.com");
            return new Idle(latencies, first, restart, idleStopMs,
                    IdleLatencySplit.of(written, streamProxy.firstAnswered(), arrivals));
        }
    }

    private Throughput throughput(int batchSize, int count) throws Exception {
        String table = "BenchB" + batchSize + "-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = table.toLowerCase(Locale.ROOT);
        DynamoDbClient dynamo = OrdersTable.client(LocalServers.dynamoDbEndpoint());
        OrdersTable orders = new OrdersTable(dynamo, table);
        LocalServers.clearSesStore();
        try (ServiceProcess service = service(table, batchSize)) {
            Instant wallStart = Instant.now();
            service.start();
            String warmUp = prefix + "-warmup@example.com";
            orders.put(OrdersTable.order("ORD-WARMUP", warmUp, "Harvest"));
            waitFor(List.of(warmUp), Duration.ofSeconds(120));
            long firstRead = firstReadMs(service, wallStart);

            List<String> recipients = new ArrayList<>();
            long cpuStart = cpuTicks(service.pid());
            long[] machineStart = machineTicks();
            long writeStart = System.nanoTime();
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String recipient = prefix + "-" + i + "@example.com";
                recipients.add(recipient);
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder()
                        .item(OrdersTable.order("ORD-" + i, recipient, "Harvest")).build()).build());
                if (batch.size() == 25 || i == count - 1) {
                    writeBatch(dynamo, table, batch);
                    batch = new ArrayList<>();
                }
            }
            long writeEnd = System.nanoTime();
            long writeMs = TimeUnit.NANOSECONDS.toMillis(writeEnd - writeStart);
            // the CPU from the moment half of the e-mails were sent: the JIT's work mostly done by then
            waitFor(recipients.subList(0, count / 2), Duration.ofMinutes(30));
            long cpuHalf = cpuTicks(service.pid());
            int sentAtHalf = (int) recipients.stream().filter(arrivals::containsKey).count();
            waitFor(recipients, Duration.ofMinutes(30));
            long cpuEnd = cpuTicks(service.pid());
            Steady steady = new Steady(sentAtHalf, (cpuEnd - cpuHalf) * 1000.0 / TICKS_PER_SECOND
                    / Math.max(1, count - sentAtHalf));
            List<Long> times = recipients.stream().map(arrivals::get).sorted().toList();
            long drainMs = TimeUnit.NANOSECONDS.toMillis(times.get(times.size() - 1) - writeStart);
            double seconds = (times.get(times.size() - 1) - times.get(0)) / 1e9;
            // the e-mails still to send when the last order was written, and how fast the service sent them
            List<Long> afterWrites = times.stream().filter(t -> t > writeEnd).toList();
            double backlogPerSecond = afterWrites.size() < 2 ? 0 : (afterWrites.size() - 1)
                    / Math.max((afterWrites.get(afterWrites.size() - 1) - afterWrites.get(0)) / 1e9, 1e-3);
            int[] perSecond = new int[(int) Math.ceil((times.get(times.size() - 1) - writeStart) / 1e9) + 1];
            times.forEach(t -> perSecond[(int) ((t - writeStart) / 1_000_000_000L)]++);
            long rssMb = rssMb(service.pid());
            double cpuMsPerMail = (cpuEnd - cpuStart) * 1000.0 / TICKS_PER_SECOND / count;
            long[] machineEnd = machineTicks();
            double machineBusy = 1 - (double) (machineEnd[1] - machineStart[1]) / Math.max(1, machineEnd[0] - machineStart[0]);
            service.stop();
            String profile = options.containsKey("profile")
                    ? BenchmarkProfile.summarize(recording(table), LocalServers.dynamoDbEndpoint().getPort(),
                            proxied.getPort()) + "\n" + phaseTable(recording(table), cpuMsPerMail)
                    : null;

            double streamCeiling = streamCeiling(orders.streamArn(), batchSize, count + 1);
            double sesCeiling = sesCeiling(Math.min(count, 5_000), parallelism());
            Bare bare = bareLoop(orders.streamArn(), batchSize, Math.min(count, 5_000));
            return new Throughput(batchSize, count, writeMs, drainMs, (count - 1) / Math.max(seconds, 1e-3), perSecond,
                    firstRead, rssMb, streamCeiling, sesCeiling, profile, cpuMsPerMail, machineBusy, afterWrites.size(),
                    backlogPerSecond, bare, steady);
        }
    }

    /**
     * The service's CPU per e-mail by phase, from this run's recording, beside the one given with
     * {@code --profile-before FILE.jfr=CPU_MS_PER_MAIL} (a recording of an earlier commit and the CPU per e-mail its
     * benchmark measured), so that the before and after columns come from the same code.
     */
    private String phaseTable(Path recording, double cpuMsPerMail) throws IOException {
        List<String> labels = new ArrayList<>();
        List<BenchmarkProfile.Phases> columns = new ArrayList<>();
        String before = options.get("profile-before");
        if (before != null) {
            int eq = before.lastIndexOf('=');
            Path file = Path.of(eq < 0 ? before : before.substring(0, eq));
            labels.add("before (" + file.getFileName() + ")");
            columns.add(BenchmarkProfile.phases(file, eq < 0 ? Double.NaN : Double.parseDouble(before.substring(eq + 1))));
        }
        labels.add("this run");
        columns.add(BenchmarkProfile.phases(recording, cpuMsPerMail));
        return "Service CPU per e-mail by phase, in the window in which it sent (docs/benchmark.md says how; the "
                + "recording: `" + Path.of("").toAbsolutePath().relativize(recording) + "`, for a later run's "
                + "`--profile-before FILE.jfr=" + String.format(Locale.ROOT, "%.2f", cpuMsPerMail) + "`):\n\n"
                + BenchmarkProfile.phaseTable(labels, columns);
    }

    private static Path recording(String table) {
        return Path.of("target", "bench", table + ".jfr").toAbsolutePath();
    }

    private static void writeBatch(DynamoDbClient dynamo, String table, List<WriteRequest> requests) {
        Map<String, List<WriteRequest>> pending = Map.of(table, requests);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
        }
    }

    /** Records per second read by a bare loop of GetRecords calls over the stream's shards, in order. */
    private static double streamCeiling(String streamArn, int batchSize, int expected) {
        try (DynamoDbStreamsClient streams = LocalServers.client(DynamoDbStreamsClient.builder(),
                LocalServers.dynamoDbEndpoint()).build()) {
            long start = System.nanoTime();
            int read = 0;
            for (var shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
                String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                        .shardIteratorType("TRIM_HORIZON")).shardIterator();
                while (iterator != null && read < expected) {
                    String current = iterator;
                    GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current).limit(batchSize));
                    read += response.records().size();
                    iterator = response.records().isEmpty() ? null : response.nextShardIterator();
                }
            }
            return read / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The service's parallelism per shard (its default is 1); the table has one shard, so also its concurrency. */
    private int parallelism() {
        return intOption("parallelism", 1);
    }

    /**
     * Raw e-mails per second sent through the proxy by {@code concurrency} loops at once, each one send after the
     * other: the way the service sends for one shard with that parallelism.
     */
    private double sesCeiling(int count, int concurrency) throws Exception {
        if (concurrency > 1) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(concurrency);
            try {
                long start = System.nanoTime();
                List<java.util.concurrent.Future<Double>> loops = new ArrayList<>();
                for (int i = 0; i < concurrency; i++) {
                    loops.add(pool.submit(() -> sesCeiling(count / concurrency, 1)));
                }
                for (var loop : loops) {
                    loop.get();
                }
                return (count / concurrency * concurrency) / ((System.nanoTime() - start) / 1e9);
            } finally {
                pool.shutdownNow();
            }
        }
        String text = "Thank you for your order ORD-1.\nAlbum: Harvest (1972)\nFormat: LP\nAmount: $24.99\n".repeat(3);
        String html = "<html><body><h1>Thank you for your order</h1><table><tr><td>ORD-1</td></tr></table></body></html>"
                .repeat(3);
        // the API the service sends with: SES v2 SendEmail, raw content
        try (SesV2Client ses = LocalServers.client(SesV2Client.builder(), proxied).build()) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                var message = MimeComposer.compose("Pinehead Records <orders@pinehead-records.example>",
                        "ceiling-" + Thread.currentThread().getId() + "-" + i + "@example.com", "Pinehead Records: Order Confirmation", text, html);
                var bytes = new java.io.ByteArrayOutputStream();
                message.writeTo(bytes);
                ses.sendEmail(b -> b.content(c -> c.raw(r -> r.data(SdkBytes.fromByteArray(bytes.toByteArray())))));
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The seed's Lambda as a loop ({@link BareLoop}) over the first {@code count} orders of the run's stream (after
     * the warm-up order), through the same proxy, in a JVM of its own with the service's JVM options, the service
     * stopped. {@code --bare-ses API} picks its SES API ({@link BareLoop#sender}).
     */
    private Bare bareLoop(String streamArn, int batchSize, int count) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        String jvmOptions = options.getOrDefault("jvm-options", "jvm.options");
        if (!jvmOptions.equals("none") && Files.exists(Path.of(jvmOptions))) {
            Files.readAllLines(Path.of(jvmOptions)).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(command::add);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareLoop.class.getName(), streamArn,
                LocalServers.dynamoDbEndpoint().toString(), proxied.toString(), Integer.toString(batchSize),
                Integer.toString(count), options.getOrDefault("bare-ses", "ses-v2")));
        Process loop = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(loop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (loop.waitFor() != 0) {
            throw new IllegalStateException("the bare loop failed:\n" + output);
        }
        Matcher m = Pattern.compile("bare-loop sent=(\\d+) seconds=([\\d.]+) cpu-ms=([\\d.]+)").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("the bare loop said nothing:\n" + output);
        }
        int sent = Integer.parseInt(m.group(1));
        return new Bare(sent, sent / Math.max(Double.parseDouble(m.group(2)), 1e-3),
                Double.parseDouble(m.group(3)) / Math.max(1, sent));
    }

    /** Milliseconds from the process start to its first stream read, from the service's log. */
    private static long firstReadMs(ServiceProcess service, Instant wallStart) throws IOException {
        Matcher matcher = FIRST_READ.matcher(service.output());
        if (!matcher.find()) {
            return -1;
        }
        Instant read = LocalDateTime.parse(matcher.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant();
        return Duration.between(wallStart, read).toMillis();
    }

    /** Clock ticks a second of /proc's CPU times (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    /** CPU time (user + system) of a process so far, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The machine's CPU time so far, all cores: {total, idle + iowait}, in clock ticks. */
    private static long[] machineTicks() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        return new long[] {total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
    }

    private static long rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private void waitFor(List<String> recipients, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (String recipient : recipients) {
            while (!arrivals.containsKey(recipient)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("no SES request for " + recipient + " within " + timeout);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private boolean classArchive() {
        return !"no".equals(options.get("class-archive"));
    }

    /** The service's settings as the benchmark ran it, for the report. */
    private String settings() throws IOException {
        String jvmOptions = options.getOrDefault("jvm-options", "jvm.options");
        String jvm = jvmOptions.equals("none") || !Files.exists(Path.of(jvmOptions)) ? "none"
                : Files.readAllLines(Path.of(jvmOptions)).stream().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.joining(" "));
        return String.format("parallelism %d per shard (`NOTIFIER_PARALLELISM`), poll interval %s ms "
                + "(`NOTIFIER_POLL_INTERVAL_MS`), busy poll interval %s ms (`NOTIFIER_BUSY_POLL_INTERVAL_MS`), send-once "
                + "look-up once per batch, send-once mark written while the next record is sent "
                + "(`NOTIFIER_IDEMPOTENCY_OVERLAP_MARK`): %s, JVM options (%s): `%s`, class-data archive "
                + "(bin/create-class-archive): %s",
                parallelism(), options.getOrDefault("poll-ms", "100 (default)"),
                options.getOrDefault("busy-poll-ms", "50 (default)"),
                options.getOrDefault("overlap-mark", (IdempotencySettings.OVERLAP_MARK.defaultValue().equals("true") ? "yes" : "no") + " (default)"),
                jvmOptions, jvm,
                classArchive() ? "yes" : "no");
    }

    private void report(Path out, String commandLine, Idle idle, List<Throughput> runs) throws Exception {
        List<Long> sorted = new ArrayList<>(idle.latencyNanos());
        Collections.sort(sorted);
        String commit = new String(new ProcessBuilder("git", "rev-parse", "--short", "HEAD").start().getInputStream()
                .readAllBytes(), StandardCharsets.UTF_8).trim();
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark: end-to-end latency and throughput\n\n");
        md.append(String.format("- command: `bench/run %s`%n", commandLine));
        md.append(String.format("- commit %s, %s, %d cores, %s, Java %s%n", commit,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                cpuModel(), System.getProperty("java.version")));
        md.append(String.format("- load average (1, 5, 15 min) at the start: %s; at the end: %s%n", loadAtStart,
                loadAverage()));
        md.append("- DynamoDB Local 2.6.1 and the SES emulator (aws-ses-v2-local) on the same machine; the service is the ")
                .append("packaged jar as a process, no send-rate limit (the emulator has no ")
                .append("quota); a ")
                .append("recording proxy in front of the emulator timestamps each SES send request\n");
        md.append("- service settings: ").append(settings()).append("\n\n");
        md.append("## Idle latency: PutItem to the SES request\n\n");
        md.append(String.format("%d orders, one every %s ms.%n%n", sorted.size(),
                commandLine.contains("--interval-ms") ? "the given" : "200"));
        md.append("| p50 | p95 | p99 | max |\n| --- | --- | --- | --- |\n");
        md.append(String.format("| %d ms | %d ms | %d ms | %d ms |%n%n", ms(sorted, 0.50), ms(sorted, 0.95),
                ms(sorted, 0.99), ms(sorted, 1.0)));
        md.append("Split at the end of the first GetRecords answer that carried each order's record (a second ")
                .append("recording proxy, in front of the DynamoDB Streams endpoint the service reads, notes when it ")
                .append("finished writing each answer and the order keys in it): before it, the stream's visibility ")
                .append("and the poll's wait; after it, the service's own work up to the SES request")
                .append(idle.split().unmatched() > 0 ? " (" + idle.split().unmatched()
                        + " orders not matched to an answer, left out)" : "")
                .append(".\n\n");
        md.append(idle.split().table(sorted)).append('\n');
        md.append("## Start and stop\n\n");
        md.append("The packaged jar as a user starts it, an order written right after the process started. New table: ")
                .append("brand-new table, no lease table, default starting position (LATEST). Restart: the same ")
                .append("table after the idle run's stop, its leases in place. Stop: SIGTERM to the idle service ")
                .append("until the process ended.\n\n");
        md.append("| case | start to first stream read | start to first e-mail |\n| --- | --- | --- |\n");
        md.append(String.format("| new table | %d ms | %d ms |%n", idle.first().toFirstReadMs(),
                idle.first().toFirstMailMs()));
        md.append(String.format("| restart | %d ms | %d ms |%n%n", idle.restart().toFirstReadMs(),
                idle.restart().toFirstMailMs()));
        md.append(String.format("Idle stop, SIGTERM to exit: %d ms.%n%n", idle.idleStopMs()));
        if (!runs.isEmpty()) {
            md.append("## Throughput\n\n");
            md.append("Orders written with BatchWriteItem (25 per call, one writer) while the service reads; ")
                    .append("sustained = e-mails per second from the first to the last SES request; the ceilings are ")
                    .append("measured right after each run on the same stream and through the same proxy. Service CPU ")
                    .append("per e-mail: the jar's user + system CPU time from the first write to the last e-mail, ")
                    .append("divided by the orders, and the same from the moment half of the e-mails had been sent to ")
                    .append("the last (the JIT's compiling mostly done, as in a service that has run a while); ")
                    .append("machine CPU busy: all cores over the same time (DynamoDB Local, ")
                    .append("the SES emulator, the writer and the service share them). The ratio uses the service's ")
                    .append("own rate: the rate at which it drained the backlog left at the last write when that ")
                    .append("backlog was at least " + Throughput.MEASURABLE_BACKLOG + " e-mails (else the whole run's ")
                    .append("rate, marked input-bound: the service kept up with the writer, and the run measured the ")
                    .append("writer).")
                    .append(runs.stream().anyMatch(r -> r.profile() != null) ? " With `--profile`, the resident "
                            + "memory includes the JFR recording's own (about 100 MB here): measure memory without it."
                            : "")
                    .append("\n\n");
            md.append("| batch size | orders | written in | drained in | sustained | backlog at the last write, "
                    + "drained at | GetRecords ceiling | SES ceiling (" + parallelism() + " at a time) | ratio to the "
                    + "lower ceiling | RSS after | start to first read | service CPU per e-mail | service CPU per e-mail, second half | machine CPU "
                    + "busy |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (Throughput run : runs) {
                md.append(String.format(Locale.ROOT, "| %d | %d | %.1f s | %.1f s | %.0f/s | %d, %.0f/s | %.0f/s | %.0f/s "
                        + "| %.2f%s | %d MB | %d ms | %.2f ms | %.2f ms (after %d) | %.0f %% |%n", run.batchSize(),
                        run.orders(),
                        run.writeMs() / 1000.0, run.drainMs() / 1000.0, run.sustainedPerSecond(), run.backlog(),
                        run.backlogPerSecond(), run.streamCeiling(), run.sesCeiling(), run.ratio(),
                        run.backlog() < Throughput.MEASURABLE_BACKLOG ? " (input-bound)" : "", run.rssMb(),
                        run.startToFirstReadMs(), run.serviceCpuMsPerMail(), run.steady().cpuMsPerMail(),
                        run.steady().from(), run.machineBusy() * 100));
            }
            md.append('\n');
            md.append("### The service against the system it replaces\n\n")
                    .append("The bare loop does per record what the seed's Lambda function does: the stream's records ")
                    .append("(GetRecords, in order, the run's batch size), each one's NewImage made a plain map, the ")
                    .append("confirmation's text and HTML formatted in place, one SES SendEmail (")
                    .append(options.getOrDefault("bare-ses", "ses-v2")).append(", simple content), one at a time; over the run's own orders, through the same proxy, in a ")
                    .append("JVM of its own with the service's JVM options, the service stopped. Its CPU per e-mail ")
                    .append("is its process's user + system CPU over the loop, after one warm-up e-mail.\n\n");
            md.append("| batch size | e-mails | bare loop | service's rate | service / bare loop | bare loop CPU per "
                    + "e-mail | service CPU per e-mail |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            for (Throughput run : runs) {
                md.append(String.format(Locale.ROOT, "| %d | %d | %.0f/s | %.0f/s | %.2f | %.2f ms | %.2f ms |%n",
                        run.batchSize(), run.bare().sent(), run.bare().perSecond(), run.rate(),
                        run.rate() / run.bare().perSecond(), run.bare().cpuMsPerMail(), run.serviceCpuMsPerMail()));
            }
            md.append('\n');
            md.append(targets(idle, sorted, runs));
            for (Throughput run : runs) {
                if (run.profile() != null) {
                    md.append(String.format("### Profile of the batch-size %d run (JFR)%n%n%s%n", run.batchSize(),
                            run.profile()));
                }
            }
        }
        md.append("![latency distribution and throughput over time](chart.png)\n");
        Files.writeString(out.resolve("report.md"), md.toString());
        BenchmarkChart.write(out.resolve("chart.png"), sorted, runs.stream()
                .collect(Collectors.toMap(r -> "batch " + r.batchSize(), Throughput::perSecond, (a, b) -> a,
                        LinkedHashMap::new)));
        System.out.print(md);
    }

    /**
     * Issue 15's targets, this run beside the run given with {@code --before DIR/report.md} (a report of this same
     * format): the batch-size-100 run, or the first.
     */
    private String targets(Idle idle, List<Long> sorted, List<Throughput> runs) throws IOException {
        Throughput run = runs.stream().filter(r -> r.batchSize() == 100).findFirst().orElse(runs.get(0));
        Map<String, String> before = options.containsKey("before")
                ? beforeFigures(Path.of(options.get("before")), run.batchSize()) : Map.of();
        StringBuilder md = new StringBuilder("### Targets (issue 15; batch size " + run.batchSize() + ")\n\n");
        md.append("| measure | before | after (this run) | target |\n| --- | --- | --- | --- |\n");
        md.append(String.format(Locale.ROOT, "| service CPU per e-mail (user + system) | %s | %.2f ms | <= 1.0 ms |%n",
                before.getOrDefault("cpu", "-"), run.serviceCpuMsPerMail()));
        md.append(String.format(Locale.ROOT, "| the same, second half of the run (compiled) | %s | %.2f ms | <= 1.0 ms |%n",
                before.getOrDefault("cpu-second-half", "-"), run.steady().cpuMsPerMail()));
        md.append(String.format(Locale.ROOT, "| throughput / SES ceiling at the same concurrency | %s | %.2f | >= 0.9 |%n",
                before.getOrDefault("ratio", "-"), run.ratio()));
        md.append(String.format(Locale.ROOT, "| throughput / bare loop (the seed's Lambda) | %s | %.2f | - |%n",
                before.getOrDefault("bare", "-"), run.rate() / run.bare().perSecond()));
        md.append(String.format(Locale.ROOT, "| idle latency PutItem to SES request p50 / p99 | %s | %d / %d ms | "
                + "<= 35 / 80 ms |%n", before.getOrDefault("latency", "-"), ms(sorted, 0.50), ms(sorted, 0.99)));
        md.append(String.format(Locale.ROOT, "| resident memory after the throughput run%s | %s | %d MB | <= 250 MB |%n",
                run.profile() != null ? " (with JFR: measure without `--profile`)" : "",
                before.getOrDefault("rss", "-"), run.rssMb()));
        md.append(String.format(Locale.ROOT, "| time from a GetRecords answer to the SES request, p50 (idle) | %s | "
                + "%s | <= 4 ms |%n%n", before.getOrDefault("read-to-send", "-"), idle.split().readToSendP50()));
        return md.toString();
    }

    /** The figures of an earlier report of this format: its idle latency and one throughput row, by column name. */
    static Map<String, String> beforeFigures(Path report, int batchSize) throws IOException {
        Map<String, String> figures = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(report);
        List<String> header = null;
        List<String> bareHeader = null;
        boolean idle = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                idle = line.startsWith("## Idle latency");
            }
            if (!line.startsWith("| ") || line.startsWith("| ---")) {
                continue;
            }
            List<String> cells = java.util.Arrays.stream(line.substring(1).split("\\|")).map(String::trim).toList();
            if (idle && cells.get(0).startsWith("GetRecords answer to the SES request")) {
                figures.put("read-to-send", cells.get(1));
                continue;
            }
            if (idle && cells.get(0).equals("p50")) {
                header = cells;
            } else if (idle && header != null && header.get(0).equals("p50")) {
                figures.put("latency", cells.get(0).replace(" ms", "") + " / " + cells.get(2));
                header = null;
            } else if (cells.get(0).equals("batch size")) {
                if (cells.contains("bare loop")) {
                    bareHeader = cells;
                } else {
                    header = cells;
                }
            } else if (cells.get(0).equals(Integer.toString(batchSize)) && bareHeader != null
                    && cells.size() == bareHeader.size()) {
                figures.put("bare", cells.get(bareHeader.indexOf("service / bare loop")));
            } else if (cells.get(0).equals(Integer.toString(batchSize)) && header != null
                    && cells.size() == header.size()) {
                for (int i = 0; i < header.size(); i++) {
                    String name = header.get(i);
                    if (name.equals("service CPU per e-mail")) {
                        figures.put("cpu", cells.get(i));
                    } else if (name.equals("service CPU per e-mail, second half")) {
                        figures.put("cpu-second-half", cells.get(i));
                    } else if (name.startsWith("ratio")) {
                        figures.put("ratio", cells.get(i));
                    } else if (name.startsWith("RSS")) {
                        figures.put("rss", cells.get(i));
                    }
                }
            }
        }
        return figures;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    static long ms(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return TimeUnit.NANOSECONDS.toMillis(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))));
    }
}

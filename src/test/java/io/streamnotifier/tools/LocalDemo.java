package io.streamnotifier.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The local demo's helper (used by {@code bin/local-demo}, not by the service): creates the Orders table with a
 * NEW_AND_OLD_IMAGES stream in DynamoDB Local, inserts sample orders, and prints what the SES emulator received
 * and what went to the dead-letter file. Needs only the jar's own classpath, so the demo needs no AWS CLI.
 *
 * <pre>
 * java -cp target/stream-notifier.jar io.streamnotifier.tools.LocalDemo wait-dynamodb DYNAMODB_URL
 * java -cp target/stream-notifier.jar io.streamnotifier.tools.LocalDemo create-table DYNAMODB_URL TABLE
 * java -cp target/stream-notifier.jar io.streamnotifier.tools.LocalDemo insert-samples DYNAMODB_URL TABLE
 * java -cp target/stream-notifier.jar io.streamnotifier.tools.LocalDemo show SES_URL DEAD_LETTER_FILE EXPECTED_MAILS
 * java -cp ... LocalDemo create-queue SQS_URL NAME
 * java -cp ... LocalDemo bounce SES_URL DYNAMODB_URL STATUS_TABLE SQS_URL QUEUE_URL ADDRESS ORDER_FILE
 * java -cp ... LocalDemo suppressed-order DYNAMODB_URL TABLE ADDRESS DEAD_LETTER_FILE SES_URL
 * </pre>
 * {@code bounce} plays SES's part, which the SES emulator does not: it puts a permanent bounce event for the newest
 * e-mail to ADDRESS on the events queue, as SES -> SNS -> SQS would, and waits until the service recorded it.
 */
public final class LocalDemo {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LocalDemo() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        switch (args[0]) {
            case "wait-dynamodb" -> waitForDynamoDb(URI.create(args[1]));
            case "create-table" -> createTable(URI.create(args[1]), args[2]);
            case "insert-samples" -> insertSamples(URI.create(args[1]), args[2]);
            case "show" -> show(URI.create(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            case "create-queue" -> createQueue(URI.create(args[1]), args[2]);
            case "bounce" -> bounce(URI.create(args[1]), URI.create(args[2]), args[3], URI.create(args[4]), args[5],
                    args[6], Path.of(args[7]));
            case "suppressed-order" -> suppressedOrder(URI.create(args[1]), args[2], args[3], Path.of(args[4]),
                    URI.create(args[5]));
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: LocalDemo wait-dynamodb URL | create-table URL TABLE | insert-samples URL TABLE"
                + " | show SES_URL DEAD_LETTER_FILE EXPECTED_MAILS");
        System.exit(2);
    }

    private static software.amazon.awssdk.services.sqs.SqsClient sqs(URI endpoint) {
        return software.amazon.awssdk.services.sqs.SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    /** Creates the queue of the SES events (kept if it exists) and prints its URL, alone on stdout. */
    private static void createQueue(URI endpoint, String name) {
        try (var sqs = sqs(endpoint)) {
            System.out.println(sqs.createQueue(b -> b.queueName(name)).queueUrl());
        }
    }

    /**
     * Simulates SES: a permanent bounce of the newest e-mail to {@code address}, in SNS's envelope, on the events
     * queue; waits for the service to record it in the status table and writes the order's key to orderFile.
     */
    private static void bounce(URI ses, URI dynamoEndpoint, String statusTable, URI sqsEndpoint, String queueUrl,
            String address, Path orderFile) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String newest = null;
        for (JsonNode email : MAPPER.readTree(http.send(HttpRequest.newBuilder(ses.resolve("/store")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("emails")) {
            if (email.path("destination").path("to").toString().contains(address)) {
                newest = email.path("messageId").asText();
            }
        }
        String messageId = newest;
        if (messageId == null) {
            System.out.println("no e-mail to " + address + " at the SES emulator: nothing to bounce");
            System.exit(1);
        }
        try (DynamoDbClient dynamo = dynamo(dynamoEndpoint); var sqs = sqs(sqsEndpoint)) {
            var status = new io.streamnotifier.feedback.DeliveryStatusTable(dynamo, statusTable);
            String[] order = waitFor(() -> status.orderOf(messageId), "the accepted status of SES message "
                    + messageId);
            // the test fixture, its times made now (a bounce comes after the e-mail was accepted)
            String body = io.streamnotifier.feedback.SesEventFixtures.load("sns", "bounce-permanent",
                    io.streamnotifier.feedback.SesEventFixtures.values(messageId, address, order[1], order[0]))
                    .replaceAll("2026-11-30T09:00:0\\d\\.\\d{3}Z", Instant.now().toString());
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            System.out.println("SIMULATED (the SES emulator sends no events): SES reports a permanent bounce of order "
                    + order[0] + "'s e-mail to " + address + " (message " + messageId + "), put on " + queueUrl
                    + " as SES -> SNS -> SQS would");
            waitFor(() -> status.find(order[0], order[1]).stream().anyMatch(s -> "bounced".equals(s.state()))
                    ? Boolean.TRUE : null, "the bounce in the status of order " + order[0]);
            Files.writeString(orderFile, order[0]);
        }
    }

    /** Inserts one more order to the bounced address and shows its dead letter (reason suppressed), no e-mail. */
    private static void suppressedOrder(URI endpoint, String table, String address, Path deadLetterFile, URI ses)
            throws Exception {
        String id = "ORD-" + (Instant.now().getEpochSecond() % 100_000) + "-5";
        try (DynamoDbClient dynamo = dynamo(endpoint)) {
            var item = order(id, address, "Harvest Moon", "1992", "CD", "14.00");
            dynamo.putItem(b -> b.tableName(table).item(item));
        }
        System.out.println("inserted order " + id + " to " + address + " (the bounced address)");
        JsonNode letter = waitFor(() -> {
            if (!Files.exists(deadLetterFile)) {
                return null;
            }
            for (String line : Files.readAllLines(deadLetterFile)) {
                JsonNode node = MAPPER.readTree(line);
                if (id.equals(node.at("/record/dynamodb/NewImage/id/S").asText())) {
                    return node;
                }
            }
            return null;
        }, "the dead letter of order " + id);
        System.out.println("--- order " + id + " dead-lettered, attempts=" + letter.path("attempts").asInt());
        System.out.println("    reason: " + letter.path("errorMessage").asText());
        long mails = 0;
        HttpClient http = HttpClient.newHttpClient();
        for (JsonNode email : MAPPER.readTree(http.send(HttpRequest.newBuilder(ses.resolve("/store")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("emails")) {
            if (email.path("text").asText("").contains(id) || email.path("body").path("text").asText("").contains(id)) {
                mails++;
            }
        }
        System.out.println("    e-mails for " + id + " at the SES emulator: " + mails);
    }

    /** A check the demo waits for. */
    private interface Probe<T> {
        T get() throws Exception;
    }

    /** Calls probe until it answers non-null (at most a minute), else ends the demo with a message. */
    private static <T> T waitFor(Probe<T> probe, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            T answer = probe.get();
            if (answer != null) {
                return answer;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        System.out.println("waited a minute for " + what + " in vain; see the service log");
        System.exit(1);
        return null;
    }

    private static DynamoDbClient dynamo(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    private static void waitForDynamoDb(URI endpoint) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        try (DynamoDbClient dynamo = dynamo(endpoint)) {
            while (true) {
                try {
                    dynamo.listTables();
                    return;
                } catch (RuntimeException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw e;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
                }
            }
        }
    }

    /**
     * Creates the table with its stream, and the first lease of the stream at TRIM_HORIZON for the service's
     * default application (so its first start needs no KCL shard sync). An existing table is kept: the service
     * then resumes from its saved position.
     */
    private static void createTable(URI endpoint, String table) {
        try (DynamoDbClient dynamo = dynamo(endpoint)) {
            if (dynamo.listTables().tableNames().contains(table)) {
                System.out.println("table " + table + " exists: the service resumes from its saved stream position");
                return;
            }
            dynamo.createTable(b -> b.tableName(table)
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
            System.out.println("created table " + table + " with a NEW_AND_OLD_IMAGES stream " + arn);
        }
    }

    private static void insertSamples(URI endpoint, String table) {
        // new order ids on every run, so a second run shows that only its own orders are sent
        String run = Long.toString(Instant.now().getEpochSecond() % 100_000);
        List<Map<String, AttributeValue>> orders = List.of(
                order("ORD-" + run + "-1", "jane.doe@example.com", "Harvest", "1972", "LP", "24.99"),
                order("ORD-" + run + "-2", "sam.lee@example.com", "Blue", "1971", "CD", "12.50"),
                order("ORD-" + run + "-3", "alex@example.com", "<b>Bold</b> & \"Loud\"", "2026", "Cassette", "1999.00"),
                order("ORD-" + run + "-4", "not-an-address", "Rumours", "1977", "LP", "29.00"));
        try (DynamoDbClient dynamo = dynamo(endpoint)) {
            for (Map<String, AttributeValue> order : orders) {
                dynamo.putItem(b -> b.tableName(table).item(order));
                System.out.println("inserted order " + order.get("id").s() + " (album \"" + album(order) + "\")");
            }
        }
    }

    private static String album(Map<String, AttributeValue> order) {
        return order.get("album").m().get("title").s();
    }

    private static Map<String, AttributeValue> order(String id, String email, String title, String year,
            String format, String amount) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS(id));
        item.put("timestamp", AttributeValue.fromS(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        item.put("email", AttributeValue.fromS(email));
        item.put("amount", AttributeValue.fromN(amount));
        item.put("album", AttributeValue.fromM(Map.of(
                "title", AttributeValue.fromS(title),
                "year", AttributeValue.fromN(year),
                "format", AttributeValue.fromS(format))));
        return item;
    }

    /** Waits (up to a minute) for the expected e-mails and a dead letter, then prints them. */
    private static void show(URI ses, Path deadLetterFile, int expectedMails) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode emails = MAPPER.createArrayNode();
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(ses.resolve("/store")).build(),
                    HttpResponse.BodyHandlers.ofString());
            emails = MAPPER.readTree(response.body()).path("emails");
            if (emails.size() >= expectedMails && Files.exists(deadLetterFile)) {
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        System.out.println();
        System.out.println("=== " + emails.size() + " e-mail(s) received by the SES emulator ===");
        for (JsonNode email : emails) {
            System.out.println("--- From: " + email.path("from").asText());
            System.out.println("    To: " + email.path("destination").path("to"));
            System.out.println("    Subject: " + email.path("subject").asText());
            System.out.println("    HTML part: " + email.path("body").path("html").asText("").length() + " characters");
            System.out.println("    Text part:");
            for (String line : email.path("body").path("text").asText("").split("\r?\n")) {
                System.out.println("      | " + line);
            }
        }
        System.out.println();
        System.out.println("=== dead letters in " + deadLetterFile + " ===");
        if (Files.exists(deadLetterFile)) {
            for (String line : Files.readAllLines(deadLetterFile)) {
                JsonNode deadLetter = MAPPER.readTree(line);
                System.out.println("--- order " + deadLetter.at("/record/dynamodb/NewImage/id/S").asText()
                        + " eventID=" + deadLetter.path("eventID").asText()
                        + " attempts=" + deadLetter.path("attempts").asInt());
                System.out.println("    reason: " + deadLetter.path("errorMessage").asText());
            }
        } else {
            System.out.println("(none yet)");
        }
        if (emails.size() < expectedMails) {
            System.out.println();
            System.out.println("Only " + emails.size() + " of " + expectedMails + " e-mails arrived within a minute;"
                    + " see the service log above.");
            System.exit(1);
        }
    }
}

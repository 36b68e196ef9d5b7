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
 * </pre>
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
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: LocalDemo wait-dynamodb URL | create-table URL TABLE | insert-samples URL TABLE"
                + " | show SES_URL DEAD_LETTER_FILE EXPECTED_MAILS");
        System.exit(2);
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

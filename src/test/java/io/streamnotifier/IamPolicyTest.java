package io.streamnotifier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * docs/iam-policy.json grants what the code calls: each AWS SDK call a store makes on its client is an action of
 * the policy's statement for that store's resource. On AWS a call the policy lacks is refused, every time.
 */
class IamPolicyTest {

    private static final Path POLICY = Path.of("docs/iam-policy.json");

    @Test
    void the_send_once_table_statement_grants_every_call_of_the_send_once_store() throws IOException {
        assertGrants("SendOnceTable", "dynamodb", "dynamo",
                Path.of("src/main/java/io/streamnotifier/idempotency/DynamoDbSentStore.java"));
    }

    @Test
    void the_dead_letter_queue_statements_grant_every_call_of_the_sqs_store_and_replay() throws IOException {
        assertGrants("DeadLetterQueueOnlyWithTheSqsStore", "sqs", "sqs",
                Path.of("src/main/java/io/streamnotifier/deadletter/SqsDeadLetterStore.java"));
        assertGrants("ReplayCommandOnlyTakesTheDeadLetterQueue", "sqs", "sqs",
                Path.of("src/main/java/io/streamnotifier/deadletter/QueueReplay.java"));
    }

    @Test
    void the_feedback_statements_grant_every_call_of_the_status_and_suppression_tables() throws IOException {
        assertGrants("DeliveryStatusTableOnlyWithTheFeedbackLoop", "dynamodb", "dynamo",
                Path.of("src/main/java/io/streamnotifier/feedback/DeliveryStatusTable.java"));
        assertGrants("SuppressionTableOnlyWithTheFeedbackLoop", "dynamodb", "dynamo",
                Path.of("src/main/java/io/streamnotifier/feedback/SuppressionTable.java"));
    }

    /**
     * The events queue is read by Camel's aws2-sqs consumer (the notifier-ses-events-source Kamelet), not by our
     * code: it receives, deletes each handled message, and changes the visibility of those it hands back.
     */
    @Test
    void the_ses_events_queue_statement_grants_receive_and_delete() throws IOException {
        Set<String> granted = new TreeSet<>();
        for (JsonNode statement : Json.MAPPER.readTree(POLICY.toFile()).path("Statement")) {
            if (statement.path("Sid").asText().equals("SesEventsQueueOnlyWithTheFeedbackLoop")) {
                statement.path("Action").forEach(action -> granted.add(action.asText()));
            }
        }
        assertTrue(granted.containsAll(Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage")), granted.toString());
    }

    @Test
    void the_check_command_statement_grants_every_ses_call_of_the_check() throws IOException {
        assertGrants("CheckCommandReadsTheSendingQuotaAndTheSender", "ses", "ses",
                Path.of("src/main/java/io/streamnotifier/check/SesCheck.java"));
    }

    /**
     * The SES API v2's SendEmail with raw content (what the ses-v2 producer sends) is authorised by IAM as
     * ses:SendRawEmail, the v2 operation's own action being ses:SendEmail: the statement grants both, for the shop's
     * From address only.
     */
    @Test
    void the_send_statement_grants_a_raw_ses_v2_send_from_the_shop_only() throws IOException {
        String producer = Files.readString(Path.of("src/main/java/io/streamnotifier/ses/v2/SesV2Producer.java"));
        assertTrue(producer.contains(".sendEmail(") && producer.contains(".raw("), "the producer sends raw content");
        for (JsonNode statement : Json.MAPPER.readTree(POLICY.toFile()).path("Statement")) {
            if (statement.path("Sid").asText().equals("SendOnlyAsTheShop")) {
                Set<String> granted = new TreeSet<>();
                statement.path("Action").forEach(action -> granted.add(action.asText()));
                assertTrue(granted.equals(Set.of("ses:SendEmail", "ses:SendRawEmail")), granted.toString());
                assertTrue(statement.at("/Condition/StringEquals/ses:FromAddress").isTextual(), statement.toString());
                return;
            }
        }
        throw new AssertionError("no statement SendOnlyAsTheShop in " + POLICY);
    }

    /** Every {@code client.someCall(} of the source is {@code service:SomeCall} in the statement {@code sid}. */
    private static void assertGrants(String sid, String service, String client, Path source) throws IOException {
        Set<String> granted = new TreeSet<>();
        for (JsonNode statement : Json.MAPPER.readTree(POLICY.toFile()).path("Statement")) {
            if (statement.path("Sid").asText().equals(sid)) {
                statement.path("Action").forEach(action -> granted.add(action.asText()));
            }
        }
        assertTrue(!granted.isEmpty(), "no statement " + sid + " in " + POLICY);
        Set<String> called = new TreeSet<>();
        Matcher call = Pattern.compile("\\b" + client + "\\.([a-z]\\w*)\\(").matcher(Files.readString(source));
        while (call.find()) {
            String method = call.group(1);
            if (!method.equals("waiter")) { // the waiter calls DescribeTable
                called.add(service + ":" + Character.toUpperCase(method.charAt(0)) + method.substring(1));
            }
        }
        assertTrue(!called.isEmpty(), "no " + client + " call found in " + source);
        Set<String> missing = new TreeSet<>(called);
        missing.removeAll(granted);
        assertTrue(missing.isEmpty(), source.getFileName() + " calls " + missing + ", which the statement " + sid
                + " of " + POLICY + " does not grant (it grants " + granted + ")");
    }
}

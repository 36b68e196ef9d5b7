package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.feedback.AddressHash;
import io.streamnotifier.feedback.DeliveryStatus;
import io.streamnotifier.feedback.DeliveryStatusTable;
import io.streamnotifier.feedback.FeedbackStatus;
import io.streamnotifier.feedback.MalformedEventException;
import io.streamnotifier.feedback.SesEventFixtures;
import io.streamnotifier.feedback.SuppressedException;
import io.streamnotifier.feedback.SuppressionTable;
import io.streamnotifier.it.ServiceProcess.Finished;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SES feedback loop on the full service path, against DynamoDB Local, ElasticMQ and the SES emulator: an order
 * is e-mailed (its "accepted" status written by the SES sink), SES's events for it are put on the events queue as
 * SES -> SNS -> SQS, SNS raw delivery or EventBridge would put them (the fixtures of src/test/resources/ses-events),
 * and the status table, the suppression of the next order, the gauges, the dead letters and the commands are
 * checked. The SES emulator publishes no events: the tests play SES's part.
 */
class FeedbackIT extends ServiceITSupport {

    // assigned from extraProperties(), which runs inside the base class constructor: no initializers
    private SqsClient sqs;
    private String queueUrl;
    private String statusTable;
    private String suppressionTable;

    @Override
    protected Properties extraProperties() {
        sqs = LocalServers.client(SqsClient.builder(), LocalServers.sqsEndpoint()).build();
        queueUrl = sqs.createQueue(b -> b.queueName("ses-events-" + System.nanoTime())).queueUrl();
        statusTable = orders().name() + "-status";
        suppressionTable = orders().name() + "-suppressed";
        Properties properties = new Properties();
        properties.put("notifier.feedback.queue-url", queueUrl);
        properties.put("notifier.sqs.endpoint", LocalServers.sqsEndpoint().toString());
        properties.put("notifier.feedback.status-table", statusTable);
        properties.put("notifier.feedback.suppression-table", suppressionTable);
        return properties;
    }

    @Test
    void a_permanent_bounce_is_recorded_and_the_next_order_to_the_address_is_suppressed() throws Exception {
        assertNotNull(context.getRoute("ses-feedback"), "the route runs when the queue is configured");
        String address = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-B1", address, "Harvest"));
        SesMail mail = awaitOneMailTo(address);
        DeliveryStatus accepted = awaitStatus("ORD-B1", "accepted");
        assertEquals(mail.messageId(), accepted.messageId(), "the accepted entry has SES's message id");
        assertEquals(io.streamnotifier.Masking.maskEmail(address), accepted.recipient());

        putEvent("sns", "bounce-permanent", mail.messageId(), address, "ORD-B1");
        DeliveryStatus bounced = awaitStatus("ORD-B1", "bounced");
        assertEquals(List.of("accepted", "bounced"), bounced.events().stream().map(DeliveryStatus.Event::state).toList());
        assertEquals("Permanent/General", bounced.events().get(1).detail());
        SuppressionTable.Entry entry = suppression().find(new AddressHash("").of(address.toUpperCase()));
        assertNotNull(entry, "the address is suppressed, found by its hash whatever its case");
        assertEquals("bounce Permanent/General", entry.reason());
        assertEquals(io.streamnotifier.Masking.maskEmail(address), entry.recipient());

        orders().put(OrdersTable.order("ORD-B2", address, "Harvest Moon"));
        await().atMost(WAIT).until(() -> !deadLetters().isEmpty());
        DeadLetter letter = deadLetters().get(0);
        assertEquals(SuppressedException.class.getName(), letter.errorClass());
        assertTrue(letter.errorMessage().startsWith("suppressed: "), letter.errorMessage());
        assertFalse(letter.errorMessage().contains(address), "masked: " + letter.errorMessage());
        assertEquals(1, letter.attempts(), "dead-lettered at once");
        assertEquals("ORD-B2", letter.record().at("/dynamodb/NewImage/id/S").asText());
        assertEquals(1, mailsTo(address).size(), "no e-mail for the suppressed order");
        assertEquals(1.0, meters().find("notifier.records.suppressed").tag("route", ROUTE).counter().count());
    }

    @Test
    void a_transient_bounce_is_recorded_but_the_next_order_is_e_mailed() throws Exception {
        String address = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-T1", address, "Harvest"));
        SesMail mail = awaitOneMailTo(address);
        awaitStatus("ORD-T1", "accepted");

        putEvent("raw", "bounce-transient", mail.messageId(), address, "ORD-T1");
        DeliveryStatus bounced = awaitStatus("ORD-T1", "bounced");
        assertEquals("Transient/MailboxFull", bounced.events().get(bounced.events().size() - 1).detail());
        assertNull(suppression().find(new AddressHash("").of(address)), "a transient bounce does not suppress");

        orders().put(OrdersTable.order("ORD-T2", address, "Harvest Moon"));
        await().atMost(WAIT).until(() -> mailsTo(address).size() == 2);
        assertTrue(deadLetters().isEmpty());
        assertEquals(0.0, gauge("notifier.ses.bounce.rate"), "a transient bounce is not in the bounce rate");
    }

    @Test
    void every_form_and_type_moves_the_status_and_the_gauges_count_bounces_and_complaints_per_send()
            throws Exception {
        String[] addresses = {uniqueRecipient(), uniqueRecipient(), uniqueRecipient(), uniqueRecipient()};
        for (int i = 0; i < addresses.length; i++) {
            orders().put(OrdersTable.order("ORD-G" + i, addresses[i], "Harvest"));
        }
        String[] ids = new String[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            ids[i] = awaitOneMailTo(addresses[i]).messageId();
            awaitStatus("ORD-G" + i, "accepted");
        }
        // SES -> SNS -> SQS; EventBridge -> SQS; identity notifications (no tags: tied by the message id)
        putEvent("sns", "send", ids[0], addresses[0], "ORD-G0");
        putEvent("eventbridge", "delivery", ids[0], addresses[0], "ORD-G0");
        awaitStatus("ORD-G0", "delivered");
        putEvent("raw", "send", ids[0], addresses[0], "ORD-G0"); // late: the state stays delivered
        await().atMost(WAIT).until(() -> status("ORD-G0").events().size() == 4);
        assertEquals("delivered", status("ORD-G0").state());

        putEvent("eventbridge", "delivery-delay", ids[1], addresses[1], "ORD-G1");
        assertEquals("TransientCommunicationFailure", last(awaitStatus("ORD-G1", "delayed")).detail());
        putEvent("sns", "bounce-permanent-notification", ids[1], addresses[1], "ignored-no-tags");
        assertEquals("Permanent/General", last(awaitStatus("ORD-G1", "bounced")).detail());

        putEvent("eventbridge", "complaint", ids[2], addresses[2], "ORD-G2");
        assertEquals("abuse", last(awaitStatus("ORD-G2", "complained")).detail());
        assertNotNull(suppression().find(new AddressHash("").of(addresses[2])), "a complaint suppresses");

        putEvent("raw", "reject", ids[3], addresses[3], "ORD-G3");
        assertEquals("Bad content", last(awaitStatus("ORD-G3", "rejected")).detail());
        putEvent("sns", "rendering-failure", ids[3], addresses[3], "ORD-G3");
        await().atMost(WAIT).until(() -> status("ORD-G3").events().size() == 3);

        // 4 accepted, 1 permanent bounce, 1 complaint in the window
        assertEquals(4.0, gauge("notifier.ses.window.sends"));
        assertEquals(0.25, gauge("notifier.ses.bounce.rate"), 1e-9);
        assertEquals(0.25, gauge("notifier.ses.complaint.rate"), 1e-9);
        JsonNode feedback = context.getRegistry().lookupByNameAndType("feedbackStatus", FeedbackStatus.class)
                .snapshot();
        assertEquals(2, feedback.path("warnings").size(), "both rates past half of SES's review threshold: "
                + feedback);
        assertEquals(1, feedback.path("counts").path("complained").asLong());
        assertTrue(feedback.toString().contains("\"order\":\"ORD-G2\""), feedback.toString());
        for (String address : addresses) {
            assertFalse(feedback.toString().contains(address), "masked on the status page");
        }
    }

    @Test
    void a_malformed_message_is_dead_lettered_and_leaves_the_queue_and_the_next_one_is_read() throws Exception {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(SesEventFixtures.load("malformed", "not-json.txt",
                Map.of())));
        putEvent("raw", "unknown-type", "m-unknown", uniqueRecipient(), "ORD-U1", "malformed");
        await().atMost(WAIT).until(() -> deadLetters().size() == 2);
        for (DeadLetter letter : deadLetters()) {
            assertEquals("ses-feedback", letter.routeId());
            assertEquals(MalformedEventException.class.getName(), letter.errorClass());
            assertEquals(1, letter.attempts());
            assertTrue(letter.record().has("sqsMessageBody"));
        }
        assertTrue(deadLetters().stream().anyMatch(l -> l.errorMessage().startsWith("the message is not JSON")));
        assertTrue(deadLetters().stream().anyMatch(l -> l.errorMessage().startsWith("unknown SES event type")));

        // deleted once stored: nothing waiting, nothing in flight
        await().atMost(WAIT).until(() -> queued() == 0);
        String address = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-U2", address, "Harvest"));
        SesMail mail = awaitOneMailTo(address);
        awaitStatus("ORD-U2", "accepted");
        putEvent("sns", "delivery", mail.messageId(), address, "ORD-U2");
        awaitStatus("ORD-U2", "delivered");
    }

    @Test
    void the_status_and_suppression_commands_print_masked_and_lift_a_suppression() throws Exception {
        String address = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-C1", address, "Harvest"));
        SesMail mail = awaitOneMailTo(address);
        awaitStatus("ORD-C1", "accepted");
        putEvent("sns", "bounce-permanent", mail.messageId(), address, "ORD-C1");
        awaitStatus("ORD-C1", "bounced");

        try (ServiceProcess jar = new ServiceProcess(Files.createTempDirectory("stream-notifier-status-"),
                orders().name())) {
            jar.env("NOTIFIER_FEEDBACK_QUEUE_URL", queueUrl)
                    .env("NOTIFIER_SQS_ENDPOINT", LocalServers.sqsEndpoint().toString())
                    .env("NOTIFIER_FEEDBACK_STATUS_TABLE", statusTable)
                    .env("NOTIFIER_FEEDBACK_SUPPRESSION_TABLE", suppressionTable);
            Finished status = jar.run(Duration.ofMinutes(3), "status", "ORD-C1");
            assertEquals(0, status.exitCode(), status.output());
            String masked = io.streamnotifier.Masking.maskEmail(address);
            assertTrue(status.output().contains("order ORD-C1  route " + ROUTE + "  bounced"), status.output());
            assertTrue(status.output().contains("  recipient " + masked + "  SES message id " + mail.messageId()),
                    status.output());
            assertTrue(status.output().contains("accepted"), status.output());
            assertTrue(status.output().contains("bounced  Permanent/General"), status.output());
            assertFalse(status.output().contains(address), status.output());

            Finished none = jar.run(Duration.ofMinutes(3), "status", "--route", "order-shipped", "ORD-C1");
            assertEquals(2, none.exitCode(), none.output());
            assertTrue(none.output().contains("no delivery status for order ORD-C1 on route order-shipped"),
                    none.output());

            Finished list = jar.run(Duration.ofMinutes(3), "suppression", "list");
            assertEquals(0, list.exitCode(), list.output());
            assertTrue(list.output().contains(masked + "  since 2026-11-30T09:00:03.201Z  bounce Permanent/General  "
                    + "route " + ROUTE + "  order ORD-C1"), list.output());
            assertTrue(list.output().contains("1 suppressed address"), list.output());
            assertFalse(list.output().contains(address), list.output());

            Finished remove = jar.run(Duration.ofMinutes(3), "suppression", "remove", address);
            assertEquals(0, remove.exitCode(), remove.output());
            assertTrue(remove.output().contains("removed " + masked), remove.output());
            assertFalse(remove.output().contains(address), remove.output());
            assertNull(suppression().find(new AddressHash("").of(address)));
            Finished again = jar.run(Duration.ofMinutes(3), "suppression", "remove", address);
            assertEquals(2, again.exitCode(), again.output());
        }
        // lifted: the next order to the address is e-mailed
        orders().put(OrdersTable.order("ORD-C2", address, "Harvest Moon"));
        await().atMost(WAIT).until(() -> mailsTo(address).size() == 2);
    }

    private void putEvent(String form, String name, String messageId, String address, String orderKey) {
        putEvent(form, name, messageId, address, orderKey, form);
    }

    private void putEvent(String form, String name, String messageId, String address, String orderKey,
            String folder) {
        String body = SesEventFixtures.load(folder, name, SesEventFixtures.values(messageId, address, ROUTE,
                orderKey));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    private DynamoDbClient dynamo() {
        return OrdersTable.client(LocalServers.dynamoDbEndpoint());
    }

    private SuppressionTable suppression() {
        return new SuppressionTable(dynamo(), suppressionTable);
    }

    private DeliveryStatus status(String orderKey) {
        List<DeliveryStatus> found = new DeliveryStatusTable(dynamo(), statusTable).find(orderKey, ROUTE);
        return found.isEmpty() ? null : found.get(0);
    }

    private DeliveryStatus awaitStatus(String orderKey, String state) {
        await("status " + state + " of " + orderKey).atMost(WAIT).until(() -> {
            DeliveryStatus status = status(orderKey);
            return status != null && state.equals(status.state());
        });
        return status(orderKey);
    }

    private static DeliveryStatus.Event last(DeliveryStatus status) {
        return status.events().get(status.events().size() - 1);
    }

    private MeterRegistry meters() {
        return context.getRegistry().lookupByNameAndType("meterRegistry", MeterRegistry.class);
    }

    private double gauge(String name) {
        return meters().find(name).gauge().value();
    }

    private long queued() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }
}

package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.Json;
import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * examples/routes/order-events-to-sns.camel.yaml (the notifier-sns-sink Kamelet) against a real SNS emulator (npm
 * fauxqs, started by LocalServers): a topic with an SQS queue of the emulator subscribed to it, as a subscriber
 * would have; what arrives in the queue is what SNS delivered.
 */
class SnsSinkIT extends ServiceITSupport {

    private static final String SNS_ROUTE = "order-events-to-sns";
    private static final AtomicInteger TOPICS = new AtomicInteger();

    // assigned while the base class constructor runs (extraProperties), so no initializers
    private SnsClient sns;
    private SqsClient sqs;
    private String topicArn;
    private String queueUrl;

    @Override
    protected Properties extraProperties() {
        sns = LocalServers.client(SnsClient.builder(), LocalServers.snsEndpoint()).build();
        sqs = LocalServers.client(SqsClient.builder(), LocalServers.snsEndpoint()).build();
        String name = "order-events-" + TOPICS.incrementAndGet();
        topicArn = sns.createTopic(b -> b.name(name)).topicArn();
        queueUrl = sqs.createQueue(b -> b.queueName(name + "-subscriber")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));

        // the example as it would run when copied into routes/; its own stream position, seeded to start at once
        Properties properties = new Properties();
        properties.put("camel.main.routes-include-pattern",
                "file:routes/error-handling.camel.yaml,file:examples/routes/order-events-to-sns.camel.yaml");
        properties.put("notifier.sns.endpoint", LocalServers.snsEndpoint().toString());
        properties.put("notifier.sns.topic", topicArn);
        return properties;
    }

    @AfterEach
    void closeClients() {
        sns.close();
        sqs.close();
    }

    @Test
    void insert_modify_and_remove_arrive_as_the_image_in_plain_json_with_event_type_and_table() throws Exception {
        Map<String, AttributeValue> item = new LinkedHashMap<>(OrdersTable.order("ORD-SNS-1", "jane@example.com",
                "Harvest & <Friends>"));
        // numbers keep their digits: no double could hold these
        item.put("amount", AttributeValue.fromN("12345678901234567890.123456789"));
        // DynamoDB keeps a number's value, not its spelling: 0.10 is stored (and streamed) as 0.1
        item.put("discount", AttributeValue.fromN("0.10"));
        item.put("gift", AttributeValue.fromBool(true));
        item.put("note", AttributeValue.fromNul(true));
        // a set (its order is DynamoDB's, so one element here)
        item.put("tags", AttributeValue.fromSs(List.of("reissue")));
        item.put("tracks", AttributeValue.fromL(List.of(AttributeValue.fromS("Out on the Weekend"),
                AttributeValue.fromN("3"))));
        orders().put(item);
        orders().setStatus("ORD-SNS-1", "SHIPPED");
        orders().delete("ORD-SNS-1");

        List<JsonNode> notifications = awaitNotifications(3);
        String inserted = """
                {"id":"ORD-SNS-1","timestamp":"2026-11-25T10:15:00Z","email":"jane@example.com",
                 "amount":12345678901234567890.123456789,
                 "album":{"title":"Harvest & <Friends>","year":1972,"format":"LP"},
                 "discount":0.1,"gift":true,"note":null,"tags":["reissue"],
                 "tracks":["Out on the Weekend",3]}""";
        String shipped = inserted.replace("\"id\":\"ORD-SNS-1\",", "\"id\":\"ORD-SNS-1\",\"status\":\"SHIPPED\",");
        assertNotification(notifications.get(0), "INSERT", inserted);
        assertNotification(notifications.get(1), "MODIFY", shipped);
        // a REMOVE publishes the item as it was
        assertNotification(notifications.get(2), "REMOVE", shipped);

        awaitRouteCount(SNS_ROUTE, "delivered.sns", 3);
        assertEquals(0, counters().count(SNS_ROUTE, "dead-lettered"));
        assertEquals(List.of(), deadLetters());
    }

    @Test
    void a_publish_sns_refuses_is_redelivered_then_dead_lettered_with_the_record_and_later_changes_flow()
            throws Exception {
        // the topic is gone: every publish is refused (NotFound)
        sns.deleteTopic(b -> b.topicArn(topicArn));
        orders().put(OrdersTable.order("ORD-SNS-LOST", "sam@example.com", "Blue"));
        await().atMost(WAIT).until(() -> deadLetters().size() == 1);
        DeadLetter deadLetter = deadLetters().get(0);
        assertEquals(3, deadLetter.attempts(), "the first attempt and notifier.retry.max-redeliveries (2) more");
        assertEquals(orders().name(), deadLetter.table());
        assertEquals("ORD-SNS-LOST",
                deadLetter.record().path("dynamodb").path("NewImage").path("id").path("S").asText());
        assertTrue(deadLetter.errorClass().startsWith("software.amazon.awssdk.services.sns."),
                deadLetter.errorClass());

        // the topic back (same name, same ARN) with its subscriber: the next change is published
        assertEquals(topicArn, sns.createTopic(b -> b.name(topicArn.substring(topicArn.lastIndexOf(':') + 1)))
                .topicArn());
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        orders().setStatus("ORD-SNS-LOST", "CANCELLED");
        JsonNode envelope = awaitNotifications(1).get(0);
        assertEquals("MODIFY", envelope.path("MessageAttributes").path("eventType").path("Value").asText());
        assertEquals("CANCELLED", Json.MAPPER.readTree(envelope.path("Message").asText()).path("status").asText());
        assertEquals(1, deadLetters().size());
    }

    @Test
    void a_change_already_published_is_not_published_again_when_the_stream_is_read_again() throws Exception {
        orders().put(OrdersTable.order("ORD-SNS-2", "kim@example.com", "Blue"));
        orders().setStatus("ORD-SNS-2", "SHIPPED");
        awaitNotifications(2);
        awaitRouteCount(SNS_ROUTE, "delivered.sns", 2);

        StreamRewind.rereadFromStart(context, SNS_ROUTE, orders().name() + "-sns");

        awaitRouteCount(SNS_ROUTE, "duplicate", 2);
        assertEquals(List.of(), sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(2)).messages(), "nothing published again");
        assertEquals(2, counters().count(SNS_ROUTE, "delivered.sns"));
    }

    private void assertNotification(JsonNode envelope, String eventType, String expectedJson) throws Exception {
        assertEquals("Notification", envelope.path("Type").asText(), envelope.toString());
        assertEquals(topicArn, envelope.path("TopicArn").asText());
        JsonNode message = Json.MAPPER.readTree(envelope.path("Message").asText());
        assertEquals(sorted(Json.MAPPER.readTree(expectedJson)), sorted(message), "message of the " + eventType);
        JsonNode attributes = envelope.path("MessageAttributes");
        assertEquals(eventType, attributes.path("eventType").path("Value").asText(), attributes.toString());
        assertEquals("String", attributes.path("eventType").path("Type").asText(), attributes.toString());
        assertEquals(orders().name(), attributes.path("table").path("Value").asText(), attributes.toString());
        assertEquals(List.of("eventID", "eventType", "table"), fieldNames(attributes),
                "no other header is published as an attribute");
    }

    /** Object fields in name order, so that two JSON documents compare equal whatever their field order. */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            var copy = Json.MAPPER.createObjectNode();
            fieldNames(node).forEach(name -> copy.set(name, sorted(node.get(name))));
            return copy;
        }
        if (node.isArray()) {
            var copy = Json.MAPPER.createArrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    /** The SNS envelopes delivered to the subscribed queue, in the order published (one shard, one at a time). */
    private List<JsonNode> awaitNotifications(int expected) {
        List<JsonNode> received = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                received.add(Json.MAPPER.readTree(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            return received.size() >= expected;
        });
        assertEquals(expected, received.size(), received.toString());
        return received;
    }

    private void awaitRouteCount(String route, String outcome, long expected) {
        await().atMost(WAIT).until(() -> counters().count(route, outcome) >= expected);
        assertEquals(expected, counters().count(route, outcome), outcome);
    }
}

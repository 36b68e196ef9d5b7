package io.streamnotifier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import io.streamnotifier.InvalidRecordException;
import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

class SqsDeadLetterIT extends ServiceITSupport {

    // assigned from extraProperties(), which runs inside the base class constructor: no initializers
    private SqsClient sqs;
    private String queueUrl;

    @Override
    protected Properties extraProperties() {
        sqs = LocalServers.client(SqsClient.builder(), LocalServers.sqsEndpoint()).build();
        queueUrl = sqs.createQueue(b -> b.queueName("dead-letters-" + System.nanoTime())).queueUrl();
        Properties properties = new Properties();
        properties.put("notifier.dead-letter.store", "sqs");
        properties.put("notifier.dead-letter.queue-url", queueUrl);
        properties.put("notifier.sqs.endpoint", LocalServers.sqsEndpoint().toString());
        return properties;
    }

    @Test
    void the_sqs_dead_letter_store_delivers_the_same_entry_to_the_queue() throws Exception {
        orders().put(OrdersTable.order("ORD-SQS", "not-an-address", "Harvest"));

        List<Message> messages = List.of();
        Instant deadline = Instant.now().plus(WAIT);
        while (messages.isEmpty() && Instant.now().isBefore(deadline)) {
            // long polling: the queue answers as soon as a message arrives, or after 5 s
            messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)
                    .messageAttributeNames("All").maxNumberOfMessages(10)).messages();
        }
        assertEquals(1, messages.size());
        Message message = messages.get(0);
        DeadLetter deadLetter = DeadLetter.fromJson(io.streamnotifier.Json.MAPPER.readTree(message.body()));
        assertEquals(InvalidRecordException.class.getName(), deadLetter.errorClass());
        assertTrue(deadLetter.errorMessage().contains("not a syntactically valid address"));
        assertEquals(ROUTE, deadLetter.routeId());
        assertEquals(orders().name(), deadLetter.table());
        assertEquals(1, deadLetter.attempts());
        assertEquals("ORD-SQS", deadLetter.record().at("/dynamodb/NewImage/id/S").asText());
        assertEquals(deadLetter.eventId(), message.messageAttributes().get("eventID").stringValue());
        assertEquals(orders().name(), message.messageAttributes().get("table").stringValue());
        assertEquals(ROUTE, message.messageAttributes().get("routeId").stringValue());
        assertFalse(java.nio.file.Files.exists(deadLetterFile()), "nothing fell back to the file store");
        assertTrue(Duration.between(deadLetter.failedAt(), Instant.now()).toMinutes() < 5);
    }
}

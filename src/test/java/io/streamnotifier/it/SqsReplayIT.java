package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.deadletter.QueueReplay;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import io.streamnotifier.it.support.LocalServers;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The replay of dead letters kept in an SQS queue (ElasticMQ). */
class SqsReplayIT extends ServiceITSupport {

    private static final FaultProxy PROXY = FaultProxy.shared();

    // assigned from extraProperties(), which runs inside the base class constructor: no initializers
    private SqsClient sqs;
    private String queueUrl;

    @Override
    protected Properties extraProperties() {
        PROXY.plan(recipient -> Fault.ERROR_500);
        sqs = LocalServers.client(SqsClient.builder(), LocalServers.sqsEndpoint()).build();
        queueUrl = sqs.createQueue(b -> b.queueName("replay-" + System.nanoTime())).queueUrl();
        Properties properties = new Properties();
        properties.put("notifier.ses.endpoint", PROXY.endpoint().toString());
        properties.put("notifier.dead-letter.store", "sqs");
        properties.put("notifier.dead-letter.queue-url", queueUrl);
        properties.put("notifier.sqs.endpoint", LocalServers.sqsEndpoint().toString());
        return properties;
    }

    private int queued() {
        String visible = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return Integer.parseInt(visible);
    }

    @Test
    void replay_takes_the_queue_s_dead_letters_and_stores_the_failures_again() throws Exception {
        String recipient = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-Q1", recipient, "Harvest"));
        orders().put(OrdersTable.order("ORD-Q2", "not-an-address", "Harvest"));
        await().atMost(WAIT).until(() -> queued() == 2);

        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        new QueueReplay(context, new PrintStream(listed, true, StandardCharsets.UTF_8)).dryRun(sqs, queueUrl);
        String dryRun = listed.toString(StandardCharsets.UTF_8);
        assertTrue(dryRun.contains("2 dead letter(s) in the queue"), dryRun);
        assertFalse(dryRun.contains(recipient), "masked: " + dryRun);
        assertEquals(2, queued(), "a dry run takes nothing from the queue");

        PROXY.plan(r -> Fault.PASS);
        int failed = new QueueReplay(context, new PrintStream(new ByteArrayOutputStream())).run(sqs, queueUrl);

        assertEquals(1, failed);
        assertEquals(1, mailsTo(recipient).size());
        List<Message> left = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        assertEquals(1, left.size(), "only the order without a valid address is back in the queue");
        DeadLetter again = DeadLetter.fromJson(io.streamnotifier.Json.MAPPER.readTree(left.get(0).body()));
        assertEquals("ORD-Q2", again.record().at("/dynamodb/NewImage/id/S").asText());
    }
}

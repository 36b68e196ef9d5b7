package io.streamnotifier.deadletter;

import java.io.IOException;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.streamnotifier.Json;
import org.apache.camel.CamelContext;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The {@code replay} command's queue part: the dead letters of the SQS store, sent again through the route that
 * dead-lettered them ({@link Redelivery}), as {@link Replay} does for the file.
 */
public final class QueueReplay {

    private final PrintStream out;
    private final Redelivery redelivery;

    public QueueReplay(CamelContext context, PrintStream out) {
        this.out = out;
        this.redelivery = new Redelivery(context, out);
    }

    /**
     * Lists the dead letters of an SQS queue without taking them (each is received with a visibility timeout of 0,
     * so it stays in the queue).
     */
    public int dryRun(SqsClient sqs, String queueUrl) throws IOException {
        int expected = approximateCount(sqs, queueUrl);
        Set<String> seen = new HashSet<>();
        int idle = 0;
        while (seen.size() < expected && idle < 3) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(0).waitTimeSeconds(1)).messages();
            int before = seen.size();
            for (Message message : messages) {
                if (seen.add(message.messageId())) {
                    out.println(Redelivery.describe(DeadLetter.fromJson(Json.MAPPER.readTree(message.body()))));
                }
            }
            idle = seen.size() == before ? idle + 1 : 0;
        }
        out.printf("%d dead letter(s) in the queue would be sent again (dry run: nothing sent)%n", seen.size());
        return seen.size();
    }

    /**
     * Sends the dead letters of an SQS queue again; each message is deleted once handled (a failure is stored
     * again by the route, as a new message with its new reason). Only the messages there at the start are taken.
     */
    public int run(SqsClient sqs, String queueUrl) throws IOException {
        int budget = approximateCount(sqs, queueUrl);
        Set<String> done = new HashSet<>();
        int sent = 0;
        int failed = 0;
        while (done.size() < budget) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(60).waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                break;
            }
            for (Message message : messages) {
                DeadLetter deadLetter = DeadLetter.fromJson(Json.MAPPER.readTree(message.body()));
                if (!done.add(deadLetter.eventId() + "/" + deadLetter.failedAt())) {
                    // stored again during this replay: leave it for the next one
                    sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                            .visibilityTimeout(0));
                    continue;
                }
                Redelivery.Outcome outcome = redelivery.replay(deadLetter);
                if (outcome == Redelivery.Outcome.SENT) {
                    sent++;
                } else {
                    failed++;
                }
                if (outcome == Redelivery.Outcome.NOT_STORED) {
                    // neither sent nor stored again: the message stays in the queue, visible again at once
                    sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                            .visibilityTimeout(0));
                } else {
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        }
        out.printf("replayed from the queue: %d sent, %d failed again%n", sent, failed);
        return failed;
    }

    private static int approximateCount(SqsClient sqs, String queueUrl) {
        String count = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return count == null ? 0 : Integer.parseInt(count);
    }
}

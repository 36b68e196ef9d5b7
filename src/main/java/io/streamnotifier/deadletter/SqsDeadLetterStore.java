package io.streamnotifier.deadletter;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamnotifier.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Sends each dead letter as one SQS message (the same JSON as a line of the file store, with the event id, table
 * and error class as message attributes). If SQS does not take it (unreachable, or a message over the queue's size
 * limit), the dead letter goes to the fallback file store, so it is never lost.
 */
public class SqsDeadLetterStore implements DeadLetterStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqsDeadLetterStore.class);
    private static final ObjectMapper MAPPER = Json.MAPPER;

    private final SqsClient sqs;
    private final String queueUrl;
    private final DeadLetterStore fallback;

    public SqsDeadLetterStore(SqsClient sqs, String queueUrl, DeadLetterStore fallback) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.fallback = fallback;
    }

    @Override
    public void append(DeadLetter deadLetter) throws Exception {
        String body = MAPPER.writeValueAsString(deadLetter.toJson());
        try {
            sqs.sendMessage(SendMessageRequest.builder()
                    .queueUrl(queueUrl)
                    .messageBody(body)
                    .messageAttributes(Map.of(
                            "eventID", attribute(deadLetter.eventId()),
                            "table", attribute(deadLetter.table()),
                            "routeId", attribute(deadLetter.routeId()),
                            "errorClass", attribute(deadLetter.errorClass())))
                    .build());
        } catch (RuntimeException e) {
            LOG.error("SQS dead-letter queue did not take eventID={} ({}); writing it to {} instead",
                    deadLetter.eventId(), io.streamnotifier.Masking.reason(e), fallback.describe());
            fallback.append(deadLetter);
        }
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value == null ? "-" : value).build();
    }

    @Override
    public String describe() {
        return "SQS queue " + queueUrl;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public String queueUrl() {
        return queueUrl;
    }
}

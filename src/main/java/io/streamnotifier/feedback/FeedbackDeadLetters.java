package io.streamnotifier.feedback;

import java.time.Clock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.streamnotifier.Json;
import io.streamnotifier.Masking;
import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.deadletter.DeadLetterChannel;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the {@code ses-feedback} route's dead-letter channel: a message of the SES events queue that could
 * not be read or recorded goes to the service's dead-letter store (the {@code deadLetters} bean's), as a dead
 * letter of route {@code ses-feedback} whose eventID is the SQS message id and whose record is
 * {@code {"sqsMessageBody": "..."}}, the message as received. Then the queue deletes it. If the store fails the
 * exception propagates: the message stays in the queue and comes back after its visibility timeout.
 * <p>
 * These dead letters are kept for reading, not replayed: {@code replay} lists them as not replayed.
 */
public class FeedbackDeadLetters implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackDeadLetters.class);
    public static final String ROUTE = "ses-feedback";

    private final FeedbackStores stores;
    private final Clock clock;

    public FeedbackDeadLetters(FeedbackStores stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeadLetterChannel channel = exchange.getContext().getRegistry().lookupByNameAndType("deadLetters",
                DeadLetterChannel.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String sqsId = exchange.getMessage().getHeader(Sqs2Constants.MESSAGE_ID, String.class);
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("sqsMessageBody", exchange.getMessage().getBody(String.class));
        int attempts = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        DeadLetter deadLetter = new DeadLetter(ROUTE, null, sqsId, null,
                error == null ? null : error.getClass().getName(), error == null ? null : error.getMessage(),
                attempts, clock.instant(), record);
        channel.store().append(deadLetter);
        stores.recent().count("dead-lettered");
        Counter.builder("notifier.ses.events.dead.lettered")
                .description("Messages of the SES events queue that went to the dead-letter store")
                .register(stores.registry()).increment();
        LOG.warn("dead-lettered route={} sqsMessageId={} attempts={} reason={} store={}", ROUTE, sqsId, attempts,
                Masking.reason(error), channel.store().describe());
    }
}

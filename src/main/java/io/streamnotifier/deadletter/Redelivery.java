package io.streamnotifier.deadletter;

import java.io.IOException;
import java.io.PrintStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.Masking;
import io.streamnotifier.stream.StreamHeaders;
import io.streamnotifier.stream.StreamRecordJson;
import io.streamnotifier.stream.StreamRoutes;
import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * Hands one dead letter back to the route that dead-lettered it, as its stream reader would, and says what became of
 * it ({@link Outcome}); one line each is printed, with the recipient masked. Used by the file and the queue replay.
 */
final class Redelivery {

    private final CamelContext context;
    private final PrintStream out;

    Redelivery(CamelContext context, PrintStream out) {
        this.context = context;
        this.out = out;
    }

    /** What became of one replayed dead letter. */
    enum Outcome {
        /** it went through (sent, or found already sent) */
        SENT,
        /** it failed again and its route's dead-letter channel stored it with the new reason */
        STORED_AGAIN,
        /** neither: the service is stopping, or the dead-letter store failed; the replay keeps it as it was */
        NOT_STORED
    }

    /** Hands one dead letter to its route again. */
    Outcome replay(DeadLetter deadLetter) throws IOException {
        DdbStreamConsumer consumer = StreamRoutes.consumerOf(context, deadLetter.routeId());
        if (consumer == null) {
            out.println("not replayed (no route " + deadLetter.routeId() + "): " + describe(deadLetter));
            return Outcome.NOT_STORED;
        }
        Exchange exchange = consumer.createExchange(false);
        exchange.getMessage().setBody(StreamRecordJson.fromJson(deadLetter.record()));
        exchange.getMessage().setHeader(StreamHeaders.TABLE, deadLetter.table());
        exchange.setProperty(StreamHeaders.REPLAYED_PROPERTY, true);
        try {
            consumer.getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        // held back (the dead-letter channel's property: SES refusing every send, or the service stopping), or
        // failed with the store failing too (the exception): either way neither sent nor stored again
        boolean held = exchange.getProperty(StreamHeaders.HELD_PROPERTY) != null;
        // failed again: stored by the dead-letter channel (a failure that a redelivery got through leaves
        // EXCEPTION_CAUGHT set; it is no failure)
        Outcome outcome = held || exchange.getException() != null ? Outcome.NOT_STORED
                : exchange.getProperty(StreamHeaders.DEAD_LETTERED_PROPERTY) != null ? Outcome.STORED_AGAIN
                : Outcome.SENT;
        if (outcome == Outcome.NOT_STORED) {
            Throwable reason = held ? exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)
                    : exchange.getException();
            out.println("not replayed (" + Masking.reason(reason) + "), kept as it was: " + describe(deadLetter));
        } else if (outcome == Outcome.SENT) {
            out.println("sent: " + describe(deadLetter));
        } else {
            out.println("failed again (" + Masking.reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                    Throwable.class)) + "), stored with this new reason: " + describe(deadLetter));
        }
        consumer.releaseExchange(exchange, false);
        return outcome;
    }

    /** One line about a dead letter: its eventID, table, masked recipient, when and why it failed. */
    static String describe(DeadLetter deadLetter) {
        JsonNode email = deadLetter.record().path("dynamodb").path("NewImage").path("email").path("S");
        return String.format("eventID=%s table=%s to=%s failed=%s reason=%s", deadLetter.eventId(), deadLetter.table(),
                email.isMissingNode() ? "-" : Masking.maskEmail(email.asText()), deadLetter.failedAt(),
                Masking.maskEmailsIn(String.valueOf(deadLetter.errorMessage())));
    }
}

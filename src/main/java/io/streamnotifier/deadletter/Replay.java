package io.streamnotifier.deadletter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.Json;
import io.streamnotifier.Masking;
import io.streamnotifier.stream.StreamRecordJson;
import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import io.streamnotifier.stream.kcl.KameletRoutes;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The {@code replay} command: sends the dead letters of the file store (and of the SQS queue) again through the
 * route that dead-lettered them (same templates, same send-once check, same SES failure handling). A dead letter
 * that goes through leaves the store; one that fails again is stored again by the route, with its new reason.
 * <p>
 * The file is first moved aside ({@code dead-letters.jsonl.replaying-TIME}) in one atomic rename, so a running
 * service keeps appending new dead letters to a fresh file meanwhile; the moved file is deleted at the end. A
 * replay that stopped half-way leaves it, and the next replay takes it up first. A line that is not a dead letter
 * (cut short by a crash, edited by hand) is kept as it is and counted as failed; its content is not printed.
 */
public final class Replay {

    private final CamelContext context;
    private final Path file;
    private final PrintStream out;
    /** Where the lines that are kept go back (the store's file, appended to by the routes meanwhile too). */
    private final JsonLinesDeadLetterStore kept;

    public Replay(CamelContext context, Path file, PrintStream out) {
        this.context = context;
        this.file = file;
        this.out = out;
        this.kept = new JsonLinesDeadLetterStore(file);
    }

    /** Lists what would be sent (masked) without sending. */
    public int dryRun() throws IOException {
        int[] count = {0, 0}; // dead letters, unreadable lines
        for (Path path : pending(false)) {
            forEachLine(path, (line, deadLetter) -> {
                if (deadLetter == null) {
                    count[1]++;
                } else {
                    out.println(describe(deadLetter));
                    count[0]++;
                }
            });
        }
        out.printf("%d dead letter(s) would be sent again (dry run: nothing sent)%n", count[0]);
        if (count[1] > 0) {
            out.printf("%d unreadable line(s) would be kept as they are%n", count[1]);
        }
        return count[0];
    }

    /** Sends every dead letter again; returns how many failed again (and are back in the store). */
    public int run() throws IOException {
        int[] count = {0, 0}; // sent, failed again
        for (Path path : pending(true)) {
            forEachLine(path, (line, deadLetter) -> {
                if (deadLetter == null) {
                    // a line cut short by a crash, or edited by hand: kept as it is for the operator, not lost
                    kept.appendLine(line, false);
                    count[1]++;
                    return;
                }
                Outcome outcome = replay(deadLetter);
                count[outcome == Outcome.SENT ? 0 : 1]++;
                if (outcome == Outcome.NOT_STORED) {
                    keep(deadLetter);
                }
            });
            // the lines kept are on disk before their source goes: a replay stopped before this takes the file up
            // again (a line kept then is kept twice, never lost)
            kept.force();
            Files.delete(path); // done with this file: a replay stopped later does not take it up again
        }
        out.printf("replayed: %d sent, %d failed again%n", count[0], count[1]);
        return count[1];
    }

    /** What is done with each non-blank line of a file: its dead letter, or null when it is not one. */
    private interface LineHandler {
        void handle(String line, DeadLetter deadLetter) throws IOException;
    }

    /** Reads the file line by line (it can hold many dead letters: only the line in hand is in memory). */
    private void forEachLine(Path path, LineHandler handler) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank()) {
                    handler.handle(line, parse(path, number, line));
                }
            }
        }
    }

    /**
     * Lists the dead letters of an SQS queue without taking them (each is received with a visibility timeout of 0,
     * so it stays in the queue).
     */
    public int dryRunQueue(SqsClient sqs, String queueUrl) throws IOException {
        int expected = approximateCount(sqs, queueUrl);
        java.util.Set<String> seen = new java.util.HashSet<>();
        int idle = 0;
        while (seen.size() < expected && idle < 3) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(0).waitTimeSeconds(1)).messages();
            int before = seen.size();
            for (Message message : messages) {
                if (seen.add(message.messageId())) {
                    out.println(describe(DeadLetter.fromJson(Json.MAPPER.readTree(message.body()))));
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
    public int runQueue(SqsClient sqs, String queueUrl) throws IOException {
        int budget = approximateCount(sqs, queueUrl);
        java.util.Set<String> done = new java.util.HashSet<>();
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
                Outcome outcome = replay(deadLetter);
                if (outcome == Outcome.SENT) {
                    sent++;
                } else {
                    failed++;
                }
                if (outcome == Outcome.NOT_STORED) {
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
    private Outcome replay(DeadLetter deadLetter) throws IOException {
        DdbStreamConsumer consumer = streamConsumerOf(context, deadLetter.routeId());
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

    /**
     * One line of a dead-letter file, or null when it is not a dead letter (reported without its content, which
     * may hold personal data).
     */
    private DeadLetter parse(Path path, int number, String line) {
        try {
            DeadLetter deadLetter = DeadLetter.fromJson(Json.MAPPER.readTree(line));
            if (deadLetter.record() == null || !deadLetter.record().isObject()) {
                throw new IllegalArgumentException("no record");
            }
            return deadLetter;
        } catch (IOException | RuntimeException e) {
            out.println("not replayed (line " + number + " of " + path.getFileName() + " is not a dead letter: "
                    + e.getClass().getSimpleName() + "), kept as it is");
            return null;
        }
    }

    /** Puts a dead letter that was neither sent nor stored again back into the store, unchanged. */
    private void keep(DeadLetter deadLetter) throws IOException {
        kept.appendLine(Json.MAPPER.writeValueAsString(deadLetter.toJson()), false);
    }

    /**
     * The stream reader that feeds a route: the route's own consumer, or, for a route that reads through the
     * {@code notifier-ddb-stream-source} Kamelet, the consumer of the Kamelet's route whose parent it is.
     */
    public static DdbStreamConsumer streamConsumerOf(CamelContext context, String routeId) {
        Route route = context.getRoute(routeId);
        if (route != null && route.getConsumer() instanceof DdbStreamConsumer consumer) {
            return consumer;
        }
        for (Route candidate : context.getRoutes()) {
            if (candidate.getConsumer() instanceof DdbStreamConsumer consumer
                    && routeId.equals(parentRouteId(context, candidate))) {
                return consumer;
            }
        }
        return null;
    }

    /** The route that uses a Kamelet's route (its template parameter parentRouteId), or null. */
    public static String parentRouteId(CamelContext context, Route route) {
        return KameletRoutes.parentRouteId(context, route);
    }

    /** The files to replay: moved-aside files of an earlier replay, then the store itself (moved aside now). */
    private List<Path> pending(boolean moveAside) throws IOException {
        List<Path> paths = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + ".replaying-";
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> siblings = Files.list(dir)) {
                siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().forEach(paths::add);
            }
        }
        if (Files.exists(file)) {
            if (moveAside) {
                Path aside = file.resolveSibling(prefix + Instant.now().toEpochMilli());
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                paths.add(aside);
            } else {
                paths.add(file);
            }
        }
        return paths;
    }

    private static String describe(DeadLetter deadLetter) {
        JsonNode email = deadLetter.record().path("dynamodb").path("NewImage").path("email").path("S");
        return String.format("eventID=%s table=%s to=%s failed=%s reason=%s", deadLetter.eventId(), deadLetter.table(),
                email.isMissingNode() ? "-" : Masking.maskEmail(email.asText()), deadLetter.failedAt(),
                Masking.maskEmailsIn(String.valueOf(deadLetter.errorMessage())));
    }
}

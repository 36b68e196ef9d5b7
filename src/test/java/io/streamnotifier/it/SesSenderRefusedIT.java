package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.streamnotifier.RecordExpiredException;
import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import io.streamnotifier.it.support.LogCapture;
import io.streamnotifier.ops.OpsServer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * SES refusing one sender identity (AccessDenied: an IAM policy that allows other From addresses only) holds the
 * routes that send from it, and only those: a second route on the same records, sending from another identity,
 * goes on. A held record is dead-lettered at its maximum hold age, with the reason; readiness and the
 * notifier_ses_held_seconds gauge show how long the route has been held.
 */
class SesSenderRefusedIT extends ServiceITSupport {

    private static final FaultProxy PROXY = FaultProxy.shared();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The sender of the shipped order-confirmation route: refused. */
    private static final String REFUSED = "orders@pinehead-records.example";
    /** The sender of the second route, order-receipt: allowed. */
    private static final String RECEIPT_SUBJECT = "Pinehead Records: Your receipt";
    private static final String CONFIRMATION_SUBJECT = "Pinehead Records: Order Confirmation";

    // written before the service starts (extraProperties runs before the context is built)
    private String stale;

    @Override
    protected Properties extraProperties() {
        PROXY.plan(recipient -> Fault.PASS);
        PROXY.planBySender(sender -> sender.equals(REFUSED) ? Fault.ACCESS_DENIED : null);
        PROXY.resetCounts();
        // an order written an hour ago: older than the maximum hold age when it is read
        stale = uniqueRecipient();
        orders().put(OrdersTable.order("ORD-STALE", stale, "Harvest"));
        orders().advanceStreamClock(1);
        Path routes = Path.of("target", "it-routes", getClass().getSimpleName());
        try {
            Files.createDirectories(routes);
            Files.writeString(routes.resolve("order-receipt.camel.yaml"), """
                    - route:
                        id: order-receipt
                        routeConfigurationId: dead-letter-channel
                        from:
                          uri: "kamelet:notifier-ddb-stream-source"
                          parameters:
                            table: "{{notifier.table}}"
                            eventTypes: INSERT
                            viewType: NEW_IMAGE
                          steps:
                            - to:
                                uri: "kamelet:notifier-email-render-action"
                                parameters:
                                  htmlTemplate: order-confirmation.ftlh
                                  textTemplate: order-confirmation.txt.ftl
                                  subject: "%s"
                                  sender: "Pinehead Billing <billing@pinehead-records.example>"
                            - to:
                                uri: "kamelet:notifier-ses-sink"
                    """.formatted(RECEIPT_SUBJECT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties properties = new Properties();
        properties.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:" + routes
                + "/order-receipt.camel.yaml");
        properties.put("notifier.ses.endpoint", PROXY.endpoint().toString());
        properties.put("notifier.ses.probe-interval-ms", "300");
        properties.put("notifier.ses.max-hold-age-seconds", "1800");
        // both routes e-mail the same records: the send-once table (keyed by eventID here) would skip one of them
        properties.put("notifier.idempotency.store", "none");
        return properties;
    }

    private HttpResponse<String> get(String path) throws Exception {
        int port = context.getRegistry().lookupByNameAndType("opsServer", OpsServer.class).port();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The notifier_ses_held_seconds gauge of a route, or -1 when it is not there. */
    private double heldSeconds(String route) throws Exception {
        Matcher value = Pattern.compile("notifier_ses_held_seconds\\{route=\"" + route + "\"} ([0-9.E]+)")
                .matcher(get("/metrics").body());
        return value.find() ? Double.parseDouble(value.group(1)) : -1;
    }

    private static List<SesMail> mailsTo(String recipient, String subject) {
        return mailsTo(recipient).stream().filter(m -> m.subject().equals(subject)).toList();
    }

    @Test
    void a_held_record_older_than_the_maximum_hold_age_is_dead_lettered_with_the_reason() throws Exception {
        // the hour-old order: refused, held, and older than the maximum hold age: dead-lettered with the reason
        await().atMost(WAIT).until(() -> deadLetters().size() == 1);
        DeadLetter deadLetter = deadLetters().get(0);
        assertEquals(ROUTE, deadLetter.routeId());
        assertEquals("ORD-STALE", deadLetter.record().at("/dynamodb/NewImage/id/S").asText());
        assertEquals(RecordExpiredException.class.getName(), deadLetter.errorClass());
        assertTrue(deadLetter.errorMessage().contains("held too long") && deadLetter.errorMessage().contains(
                "AccessDenied"), deadLetter.errorMessage());
        assertEquals(1, deadLetter.attempts(), "not retried");
        await().atMost(WAIT).until(() -> mailsTo(stale, RECEIPT_SUBJECT).size() == 1);
        assertEquals(List.of(), mailsTo(stale, CONFIRMATION_SUBJECT), "the dead letter is for the replay command");
    }

    @Test
    void a_refused_sender_holds_only_the_route_that_sends_from_it() throws Exception {
        // the receipt route goes on while the confirmation route holds the first of the new orders
        List<String> fresh = SesFaultsIT.recipients(4, "refused");
        LogCapture log = LogCapture.start(Level.INFO);
        orders().put(OrdersTable.order("ORD-F0", fresh.get(0), "Harvest"));
        await().atMost(WAIT).until(() -> mailsTo(fresh.get(0), RECEIPT_SUBJECT).size() == 1);
        await().atMost(WAIT).until(() -> get("/health/ready").statusCode() == 503);
        for (int i = 1; i < fresh.size(); i++) {
            orders().put(OrdersTable.order("ORD-F" + i, fresh.get(i), "Harvest"));
        }
        // while the receipts go out, the confirmation route stays held and readiness down
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                .until(() -> get("/health/ready").statusCode() == 503);
        for (String recipient : fresh) {
            await().atMost(WAIT).until(() -> mailsTo(recipient, RECEIPT_SUBJECT).size() == 1);
            assertEquals(List.of(), mailsTo(recipient, CONFIRMATION_SUBJECT), "held, not sent");
        }
        assertEquals(503, get("/health/ready").statusCode(), "the receipts did not close the refused sender's circuit");
        List<String> lines = log.lines();
        log.close();
        assertTrue(lines.stream().noneMatch(line -> line.contains("circuit closed")),
                "no receipt closed the circuit while the confirmations' sender was refused: " + lines);

        // how long the route has been held: readiness names it, the gauge counts it, for it alone
        await().atMost(WAIT).until(() -> heldSeconds(ROUTE) >= 1);
        String ready = get("/health/ready").body();
        assertTrue(ready.contains(ROUTE + " held for"), ready);
        assertTrue(ready.contains("AccessDenied") && ready.contains("@pinehead-records.example"), ready);
        assertTrue(!ready.contains(REFUSED), "the address masked: " + ready);
        assertTrue(heldSeconds("order-receipt") <= 0, "the receipt route holds nothing");
        assertEquals(1, deadLetters().size(), "only the hour-old order: young held records are not dead-lettered");

        // the sender is allowed again: the held orders are confirmed, the route no longer held
        PROXY.planBySender(sender -> null);
        for (String recipient : fresh) {
            await().atMost(WAIT).until(() -> mailsTo(recipient, CONFIRMATION_SUBJECT).size() == 1);
        }
        await().atMost(WAIT).until(() -> get("/health/ready").statusCode() == 200);
        assertEquals(0.0, heldSeconds(ROUTE));
    }
}

package io.streamnotifier.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.it.support.FaultProxy;
import io.streamnotifier.it.support.FaultProxy.Fault;
import org.junit.jupiter.api.Test;

/**
 * What reaches SES with each e-mail (SES API v2 SendEmail, seen at the proxy in front of the emulator, which drops
 * these fields): the route's configuration set, the tags notifier-route and notifier-key (the order's key, cut down
 * to what SES accepts) and the route's own tags, or the service-wide ones; the route's reply-to address in the
 * message (seen in the emulator's store).
 */
class SesSendOptionsIT extends ServiceITSupport {

    private static final FaultProxy PROXY = FaultProxy.shared();
    private static final String RECEIPT = "order-receipt";
    private static final String RECEIPT_SUBJECT = "Pinehead Records: Your receipt";

    @Override
    protected Properties extraProperties() {
        PROXY.plan(recipient -> Fault.PASS);
        PROXY.resetCounts();
        Path routes = Path.of("target", "it-routes", getClass().getSimpleName());
        try {
            Files.createDirectories(routes);
            Files.writeString(routes.resolve("order-receipt.camel.yaml"), """
                    - route:
                        id: %s
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
                                  replyTo: "Pinehead Support <support@pinehead-records.example>"
                            - to:
                                uri: "kamelet:notifier-ses-sink"
                                parameters:
                                  configurationSet: order-events
                                  tags: "shop=pinehead,kind=receipt.v2"
                    """.formatted(RECEIPT, RECEIPT_SUBJECT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties properties = new Properties();
        properties.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:" + routes
                + "/order-receipt.camel.yaml");
        properties.put("notifier.ses.endpoint", PROXY.endpoint().toString());
        // the service-wide tags: the shipped route has no tags parameter of its own
        properties.put("notifier.ses.tags", "env=it");
        // both routes e-mail the same record: the send-once table (keyed by eventID here) would skip one of them
        properties.put("notifier.idempotency.store", "none");
        return properties;
    }

    /** The SendEmail requests to {@code recipient} that reached SES, by their notifier-route tag. */
    private static Map<String, JsonNode> requestsTo(String recipient) {
        Map<String, JsonNode> byRoute = new TreeMap<>();
        for (JsonNode request : PROXY.sendRequests()) {
            if (request.path("Destination").path("ToAddresses").toString().contains(recipient)) {
                byRoute.put(tags(request).get("notifier-route"), request);
            }
        }
        return byRoute;
    }

    private static Map<String, String> tags(JsonNode request) {
        Map<String, String> tags = new TreeMap<>();
        request.path("EmailTags").forEach(tag -> tags.put(tag.path("Name").asText(), tag.path("Value").asText()));
        return tags;
    }

    @Test
    void each_route_sends_with_its_configuration_set_tags_and_reply_to() {
        String recipient = uniqueRecipient();
        String id = "ORD#" + UUID.randomUUID().toString().substring(0, 8) + ".b";
        orders().put(OrdersTable.order(id, recipient, "Harvest"));

        await().atMost(WAIT).until(() -> requestsTo(recipient).size() == 2 && mailsTo(recipient).size() == 2);
        Map<String, JsonNode> requests = requestsTo(recipient);
        String key = id.replace('#', '_').replace('.', '_');

        JsonNode receipt = requests.get(RECEIPT);
        assertEquals("order-events", receipt.path("ConfigurationSetName").asText(), receipt.toString());
        assertEquals(Map.of("notifier-route", RECEIPT, "notifier-key", key, "shop", "pinehead",
                "kind", "receipt_v2"), tags(receipt));

        JsonNode confirmation = requests.get(ROUTE);
        assertTrue(confirmation.path("ConfigurationSetName").isMissingNode(), confirmation.toString());
        assertEquals(Map.of("notifier-route", ROUTE, "notifier-key", key, "env", "it"), tags(confirmation));
        assertTrue(confirmation.path("FromEmailAddress").asText().contains("orders@pinehead-records.example"),
                confirmation.toString());

        List<SesMail> mails = mailsTo(recipient);
        SesMail receiptMail = mails.stream().filter(m -> m.subject().equals(RECEIPT_SUBJECT)).findFirst().orElseThrow();
        SesMail confirmationMail = mails.stream().filter(m -> !m.subject().equals(RECEIPT_SUBJECT)).findFirst()
                .orElseThrow();
        assertEquals(1, receiptMail.replyTo().size(), receiptMail.toString());
        assertTrue(receiptMail.replyTo().get(0).contains("support@pinehead-records.example"), receiptMail.replyTo()
                .toString());
        assertEquals(List.of(), confirmationMail.replyTo(), "no reply-to: answers go to the sender");
        assertFalse(PROXY.sendRequests().isEmpty());
    }
}

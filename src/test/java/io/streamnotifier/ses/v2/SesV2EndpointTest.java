package io.streamnotifier.ses.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.streamnotifier.mail.MimeComposer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/** The ses-v2 endpoint's URI options, their errors, and the SendEmail request it makes of an exchange. */
class SesV2EndpointTest {

    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        // a real client, found by the component's autowiring; no test here sends
        context.getRegistry().bind("sesClient", SesV2Client.builder().region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .endpointOverride(URI.create("http://127.0.0.1:9")).build());
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private SesV2Endpoint endpoint(String uri) {
        return context.getEndpoint(uri, SesV2Endpoint.class);
    }

    private SendEmailRequest request(String uri, Exchange exchange) throws Exception {
        return new SesV2Producer(endpoint(uri)).request(exchange);
    }

    @Test
    void the_client_is_the_registry_s_and_the_uri_sets_the_options_of_its_endpoint_only() {
        SesV2Endpoint configured = endpoint("ses-v2:confirmations?configurationSet=order-events"
                + "&from=orders@pinehead-records.example&tags=shop=pinehead,kind=confirmation");
        SesV2Endpoint plain = endpoint("ses-v2:plain");
        assertEquals("confirmations", configured.getConfiguration().getName());
        assertSame(context.getRegistry().lookupByName("sesClient"), configured.getConfiguration().getSesClient());
        assertEquals("order-events", configured.getConfiguration().getConfigurationSet());
        assertEquals("orders@pinehead-records.example", configured.getConfiguration().getFrom());
        assertEquals(Map.of("shop", "pinehead", "kind", "confirmation"), configured.getConfiguration().tagMap());
        assertNull(plain.getConfiguration().getConfigurationSet());
        assertEquals(Map.of(), plain.getConfiguration().tagMap());
    }

    @Test
    void a_tag_ses_would_refuse_fails_the_endpoint_with_the_pair_and_the_rule() {
        var failure = assertThrows(ResolveEndpointFailedException.class,
                () -> endpoint("ses-v2:x?tags=shop=pine.head"));
        String message = "";
        for (Throwable t = failure; t != null; t = t.getCause()) {
            message += t.getMessage() + "\n";
        }
        assertTrue(message.contains("'shop=pine.head'") && message.contains("A-Z a-z 0-9 _ -"), message);
        assertThrows(ResolveEndpointFailedException.class, () -> endpoint("ses-v2:x?tags=noValue"));
    }

    @Test
    void a_missing_name_is_named_in_the_error() {
        var failure = assertThrows(ResolveEndpointFailedException.class, () -> endpoint("ses-v2:?from=a@example.com"));
        assertTrue(String.valueOf(failure.getMessage()).contains("ses-v2:NAME"), failure.getMessage());
    }

    @Test
    void the_request_carries_the_raw_message_and_the_headers_win_over_the_options() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(MimeComposer.compose("Pinehead Records <orders@pinehead-records.example>",
                "jane@example.com", "Your order", "text", "<p>html</p>"));
        exchange.getMessage().setHeader(SesV2Constants.FROM, "Pinehead Records <orders@pinehead-records.example>");
        exchange.getMessage().setHeader(SesV2Constants.TO, "jane@example.com");
        exchange.getMessage().setHeader(SesV2Constants.CONFIGURATION_SET, "route-events");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("notifier-route", "order-confirmation");
        tags.put("kind", "receipt");
        exchange.getMessage().setHeader(SesV2Constants.TAGS, tags);

        SendEmailRequest request = request("ses-v2:n?configurationSet=default-events&to=nobody@example.com"
                + "&tags=shop=pinehead,kind=confirmation", exchange);

        String raw = request.content().raw().data().asString(StandardCharsets.UTF_8);
        assertTrue(raw.contains("Subject: Your order") && raw.contains("To: jane@example.com"), raw);
        assertEquals("Pinehead Records <orders@pinehead-records.example>", request.fromEmailAddress());
        assertEquals(List.of("jane@example.com"), request.destination().toAddresses());
        assertEquals("route-events", request.configurationSetName());
        assertEquals(List.of(tag("shop", "pinehead"), tag("kind", "receipt"), tag("notifier-route",
                "order-confirmation")), request.emailTags());
    }

    @Test
    void without_headers_the_options_apply_and_an_empty_header_counts_as_none() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody("From: a@example.com\r\nTo: b@example.com\r\nSubject: s\r\n\r\nbody\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        exchange.getMessage().setHeader(SesV2Constants.CONFIGURATION_SET, "");

        SendEmailRequest request = request("ses-v2:n?configurationSet=default-events&to=b@example.com,c@example.com",
                exchange);

        assertEquals("default-events", request.configurationSetName());
        assertEquals(List.of("b@example.com", "c@example.com"), request.destination().toAddresses());
        assertNull(request.fromEmailAddress(), "SES takes the message's From");
        assertTrue(request.emailTags().isEmpty());
        assertEquals("From: a@example.com\r\nTo: b@example.com\r\nSubject: s\r\n\r\nbody\r\n",
                request.content().raw().data().asString(StandardCharsets.US_ASCII));
    }

    private static MessageTag tag(String name, String value) {
        return MessageTag.builder().name(name).value(value).build();
    }
}

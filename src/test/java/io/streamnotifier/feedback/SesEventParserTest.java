package io.streamnotifier.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SesEventParserTest {

    private static final Map<String, String> VALUES = SesEventFixtures.values("0100018c-msg-0001",
            "jane.doe@example.com", "order-confirmation", "ORD-1001");

    private static SesEvent parse(String form, String name) {
        SesEventParser.Result result = SesEventParser.parse(SesEventFixtures.load(form, name, VALUES));
        assertNull(result.ignored(), form + "/" + name + " ignored");
        return result.event();
    }

    @ParameterizedTest
    @CsvSource({
        "send, SEND, sent",
        "delivery, DELIVERY, delivered",
        "bounce-permanent, BOUNCE, bounced",
        "bounce-transient, BOUNCE, bounced",
        "bounce-undetermined, BOUNCE, bounced",
        "complaint, COMPLAINT, complained",
        "reject, REJECT, rejected",
        "delivery-delay, DELIVERY_DELAY, delayed",
        "rendering-failure, RENDERING_FAILURE, rendering-failed"})
    void every_event_type_reads_the_same_raw_sns_wrapped_and_from_eventbridge(String name, SesEvent.Type type,
            String state) {
        SesEvent raw = parse("raw", name);
        SesEvent sns = parse("sns", name);
        SesEvent bridge = parse("eventbridge", name);
        for (SesEvent event : List.of(raw, sns, bridge)) {
            assertEquals(type, event.type());
            assertEquals(state, event.type().state());
            assertEquals("0100018c-msg-0001", event.messageId());
            assertEquals("order-confirmation", event.route());
            assertEquals("ORD-1001", event.orderKey());
            assertEquals(List.of("jane.doe@example.com"), event.recipients());
            assertNotNull(event.at());
        }
        assertEquals("raw", raw.form());
        assertEquals("sns", sns.form());
        assertEquals("eventbridge", bridge.form());
        assertEquals(raw.bounceType(), sns.bounceType());
        assertEquals(raw.detail(), bridge.detail());
    }

    @Test
    void a_permanent_bounce_suppresses_with_its_type_and_sub_type() {
        SesEvent bounce = parse("sns", "bounce-permanent");
        assertEquals("Permanent", bounce.bounceType());
        assertEquals("General", bounce.bounceSubType());
        assertEquals(Instant.parse("2026-11-30T09:00:03.201Z"), bounce.at());
        assertTrue(bounce.suppresses());
        assertEquals("bounce Permanent/General", bounce.suppressionReason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bounce-transient", "bounce-undetermined", "delivery", "delivery-delay", "reject", "send"})
    void no_other_event_suppresses(String name) {
        assertFalse(parse("raw", name).suppresses());
    }

    @Test
    void a_complaint_suppresses_with_its_feedback_type() {
        SesEvent complaint = parse("eventbridge", "complaint");
        assertTrue(complaint.suppresses());
        assertEquals("complaint abuse", complaint.suppressionReason());
    }

    @Test
    void the_details_of_delay_reject_and_rendering_failure() {
        assertEquals("TransientCommunicationFailure", parse("raw", "delivery-delay").detail());
        assertEquals("Bad content", parse("raw", "reject").detail());
        assertEquals("OrderTemplate", parse("raw", "rendering-failure").detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bounce-permanent-notification", "complaint-notification", "delivery-notification"})
    void identity_notifications_read_by_notification_type_without_tags(String name) {
        for (String form : List.of("raw", "sns")) {
            SesEvent event = parse(form, name);
            assertEquals("0100018c-msg-0001", event.messageId());
            assertNull(event.route(), "no tags: the message id ties it to the order");
            assertNull(event.orderKey());
            assertEquals(List.of("jane.doe@example.com"), event.recipients());
        }
        assertTrue(parse("raw", "bounce-permanent-notification").suppresses());
    }

    @Test
    void a_tag_value_ses_would_not_accept_is_not_taken_as_the_order() {
        SesEvent event = SesEventParser.parse(SesEventFixtures.load("raw", "send",
                SesEventFixtures.values("m-1", "a@example.com", "order confirmation", "ORD/1"))).event();
        assertNull(event.route());
        assertNull(event.orderKey());
    }

    @Test
    void subscription_messages_are_ignored_with_a_reason() {
        assertTrue(SesEventParser.parse(SesEventFixtures.load("sns", "subscription-confirmation", VALUES)).ignored()
                .contains("SubscriptionConfirmation"));
        assertTrue(SesEventParser.parse(SesEventFixtures.load("raw", "subscription-succeeded", VALUES)).ignored()
                .contains("AmazonSnsSubscriptionSucceeded"));
    }

    @ParameterizedTest
    @CsvSource({
        "not-json.txt, the message is not JSON",
        "bounce-without-bounce, Bounce event without its 'bounce' object",
        "unknown-type, unknown SES event type 'Unsubscribed'",
        "sns-message-not-json, the SNS notification's Message is not JSON",
        "eventbridge-without-detail, EventBridge event 'Email Bounced' without a detail object"})
    void malformed_messages_throw_a_reason_without_their_content(String name, String reason) {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> SesEventParser.parse(SesEventFixtures.load("malformed", name, VALUES)));
        assertTrue(e.getMessage().startsWith(reason), e.getMessage());
        assertFalse(e.getMessage().contains("jane.doe@example.com"), e.getMessage());
    }

    @Test
    void an_empty_message_and_a_json_array_are_malformed() {
        assertThrows(MalformedEventException.class, () -> SesEventParser.parse(" "));
        assertThrows(MalformedEventException.class, () -> SesEventParser.parse("[1,2]"));
    }

    @Test
    void an_unknown_type_is_masked_in_the_reason() {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> SesEventParser.parse("{\"eventType\":\"jane.doe@example.com\",\"mail\":{\"messageId\":\"m\"}}"));
        assertTrue(e.getMessage().contains("j***@example.com"), e.getMessage());
    }
}

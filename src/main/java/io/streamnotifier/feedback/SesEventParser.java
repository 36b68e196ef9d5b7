package io.streamnotifier.feedback;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.Json;
import io.streamnotifier.Masking;

/**
 * Reads one message of the SES events queue in each form AWS delivers it:
 * <ul>
 * <li>SES &rarr; SNS &rarr; SQS: the SNS envelope ({@code "Type": "Notification"}) whose {@code Message} string is
 * the SES event;</li>
 * <li>SNS with raw message delivery (or any producer putting the event itself): the SES event as the body;</li>
 * <li>EventBridge &rarr; SQS: the EventBridge event ({@code "detail-type": "Email Bounced"}, ...) whose
 * {@code detail} is the SES event.</li>
 * </ul>
 * The SES event is one of a configuration set's event publishing ({@code eventType}) or of an identity's
 * notifications ({@code notificationType}). A message that is none of these throws {@link MalformedEventException}
 * with a reason that quotes no content; an SNS subscription confirmation and SES's set-up test message are
 * {@link Result#ignored() ignored}.
 */
public final class SesEventParser {

    /** The values SES accepts in a message tag; a tag value with anything else is not ours. */
    static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9_.@-]{1,256}");
    public static final String ROUTE_TAG = "notifier-route";
    public static final String KEY_TAG = "notifier-key";

    /** What a message held: an event, or the reason it is ignored. */
    public record Result(SesEvent event, String ignored) {
    }

    private SesEventParser() {
    }

    public static Result parse(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedEventException("empty message");
        }
        JsonNode message = json(body, "the message is not JSON");
        if (!message.isObject()) {
            throw new MalformedEventException("the message is not a JSON object");
        }
        String snsType = message.path("Type").asText("");
        if (message.has("Message") && message.has("TopicArn")) {
            switch (snsType) {
                case "Notification":
                    if (!message.get("Message").isTextual()) {
                        throw new MalformedEventException("SNS notification whose Message is not a string");
                    }
                    return event(json(message.get("Message").asText(), "the SNS notification's Message is not JSON"),
                            "sns");
                case "SubscriptionConfirmation", "UnsubscribeConfirmation":
                    return new Result(null, "SNS " + snsType + " (confirm the subscription in SNS; the service "
                            + "does not follow its link)");
                default:
                    throw new MalformedEventException("SNS message of unknown Type '" + safe(snsType) + "'");
            }
        }
        if (message.has("detail-type")) {
            JsonNode detail = message.get("detail");
            if (detail == null || !detail.isObject()) {
                throw new MalformedEventException("EventBridge event '" + safe(message.path("detail-type").asText())
                        + "' without a detail object");
            }
            return event(detail, "eventbridge");
        }
        return event(message, "raw");
    }

    private static Result event(JsonNode event, String form) {
        if (!event.isObject()) {
            throw new MalformedEventException("the SES event is not a JSON object (" + form + ")");
        }
        String name = event.path("eventType").asText(event.path("notificationType").asText(""));
        if (name.isEmpty()) {
            throw new MalformedEventException("no eventType or notificationType (" + form + ")");
        }
        if (name.equals("AmazonSnsSubscriptionSucceeded")) {
            return new Result(null, "SES's test notification AmazonSnsSubscriptionSucceeded");
        }
        SesEvent.Type type = type(name);
        if (type == null) {
            throw new MalformedEventException("unknown SES event type '" + safe(name) + "' (" + form + ")");
        }
        JsonNode mail = event.get("mail");
        if (mail == null || !mail.isObject() || !mail.path("messageId").isTextual()
                || mail.path("messageId").asText().isBlank()) {
            throw new MalformedEventException(name + " event without mail.messageId (" + form + ")");
        }
        String section = section(type);
        JsonNode detail = event.get(section);
        if (detail == null || !detail.isObject()) {
            throw new MalformedEventException(name + " event without its '" + section + "' object (" + form + ")");
        }
        List<String> recipients = recipients(type, detail, mail);
        Instant at = instant(detail.path("timestamp").asText(null));
        if (at == null) {
            at = instant(mail.path("timestamp").asText(null));
        }
        String bounceType = type == SesEvent.Type.BOUNCE ? detail.path("bounceType").asText(null) : null;
        if (type == SesEvent.Type.BOUNCE && bounceType == null) {
            throw new MalformedEventException("Bounce event without bounce.bounceType (" + form + ")");
        }
        String bounceSubType = type == SesEvent.Type.BOUNCE ? detail.path("bounceSubType").asText(null) : null;
        return new Result(new SesEvent(type, form, mail.get("messageId").asText(), tag(mail, ROUTE_TAG),
                tag(mail, KEY_TAG), recipients, at, safe(bounceType), safe(bounceSubType), detail(type, detail)),
                null);
    }

    /** The type of an {@code eventType} (event publishing) or {@code notificationType} (identity notifications). */
    static SesEvent.Type type(String name) {
        return switch (name.replace(" ", "").toLowerCase(Locale.ROOT)) {
            case "send" -> SesEvent.Type.SEND;
            case "delivery" -> SesEvent.Type.DELIVERY;
            case "bounce" -> SesEvent.Type.BOUNCE;
            case "complaint" -> SesEvent.Type.COMPLAINT;
            case "reject" -> SesEvent.Type.REJECT;
            case "deliverydelay" -> SesEvent.Type.DELIVERY_DELAY;
            case "renderingfailure" -> SesEvent.Type.RENDERING_FAILURE;
            case "open" -> SesEvent.Type.OPEN;
            case "click" -> SesEvent.Type.CLICK;
            case "subscription" -> SesEvent.Type.SUBSCRIPTION;
            default -> null;
        };
    }

    /** The object of the event that describes it, as AWS names it. */
    static String section(SesEvent.Type type) {
        return switch (type) {
            case SEND -> "send";
            case DELIVERY -> "delivery";
            case BOUNCE -> "bounce";
            case COMPLAINT -> "complaint";
            case REJECT -> "reject";
            case DELIVERY_DELAY -> "deliveryDelay";
            case RENDERING_FAILURE -> "failure";
            case OPEN -> "open";
            case CLICK -> "click";
            case SUBSCRIPTION -> "subscription";
        };
    }

    private static List<String> recipients(SesEvent.Type type, JsonNode detail, JsonNode mail) {
        List<String> out = new ArrayList<>();
        String list = switch (type) {
            case BOUNCE -> "bouncedRecipients";
            case COMPLAINT -> "complainedRecipients";
            case DELIVERY_DELAY -> "delayedRecipients";
            default -> null;
        };
        if (list != null) {
            for (JsonNode recipient : detail.path(list)) {
                String address = recipient.path("emailAddress").asText("");
                if (!address.isBlank()) {
                    out.add(address.strip());
                }
            }
            if (out.isEmpty() && type != SesEvent.Type.DELIVERY_DELAY) {
                throw new MalformedEventException(type + " event without " + list);
            }
        }
        if (out.isEmpty() && type == SesEvent.Type.DELIVERY) {
            detail.path("recipients").forEach(r -> out.add(r.asText()));
        }
        if (out.isEmpty()) {
            mail.path("destination").forEach(r -> out.add(r.asText()));
        }
        return List.copyOf(out);
    }

    private static String detail(SesEvent.Type type, JsonNode detail) {
        String value = switch (type) {
            case COMPLAINT -> detail.path("complaintFeedbackType").asText(detail.path("complaintSubType").asText(null));
            case DELIVERY_DELAY -> detail.path("delayType").asText(null);
            case REJECT -> detail.path("reason").asText(null);
            case RENDERING_FAILURE -> detail.path("templateName").asText(null);
            default -> null;
        };
        return safe(value);
    }

    /** The first value of a message tag ({@code mail.tags.NAME[0]}), if it is one SES accepts, else null. */
    private static String tag(JsonNode mail, String name) {
        JsonNode values = mail.path("tags").path(name);
        String value = values.isArray() ? values.path(0).asText(null) : values.asText(null);
        return value != null && TAG_VALUE.matcher(value).matches() ? value : null;
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode json(String text, String reason) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new MalformedEventException(at == null ? reason
                    : reason + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
    }

    /** A value from the message fit for a log line: addresses masked, one line, at most 80 characters. */
    static String safe(String value) {
        if (value == null) {
            return null;
        }
        String masked = Masking.maskEmailsIn(value).replaceAll("\\p{Cntrl}", "?");
        return masked.length() > 80 ? masked.substring(0, 80) + "..." : masked;
    }
}

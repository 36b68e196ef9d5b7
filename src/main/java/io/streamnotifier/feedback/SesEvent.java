package io.streamnotifier.feedback;

import java.time.Instant;
import java.util.List;

/**
 * One SES event notification, as {@link SesEventParser} reads it from the events queue: what happened to which
 * e-mail (SES's message id), the order it belongs to (the message tags {@code notifier-route} and
 * {@code notifier-key}, when the e-mail had them), and the recipients it concerns. The recipients are plain
 * addresses, held in memory only: they are hashed for the suppression table and masked for everything else.
 *
 * @param type          the event type
 * @param form          how it was delivered: {@code sns} (SNS envelope), {@code raw} (SNS raw message delivery, or
 *                      the event itself) or {@code eventbridge}
 * @param messageId     the SES message id of the e-mail ({@code mail.messageId})
 * @param route         the {@code notifier-route} tag, or null
 * @param orderKey      the {@code notifier-key} tag, or null
 * @param recipients    the addresses concerned: the bounced, complained or delayed ones, else the e-mail's
 *                      destination
 * @param at            when it happened (the event's own time stamp, else the e-mail's)
 * @param bounceType    Permanent, Transient or Undetermined (bounces only)
 * @param bounceSubType SES's sub-type, e.g. General, NoEmail, MailboxFull (bounces only)
 * @param detail        a short log-safe detail: the complaint's feedback type, the delay type, the reject reason,
 *                      the rendering failure's template; null if none
 */
public record SesEvent(Type type, String form, String messageId, String route, String orderKey,
        List<String> recipients, Instant at, String bounceType, String bounceSubType, String detail) {

    /** The event types SES publishes; the service acts on the first seven and counts the others. */
    public enum Type {
        SEND("sent", true),
        DELIVERY("delivered", true),
        BOUNCE("bounced", true),
        COMPLAINT("complained", true),
        REJECT("rejected", true),
        DELIVERY_DELAY("delayed", true),
        RENDERING_FAILURE("rendering-failed", true),
        OPEN("opened", false),
        CLICK("clicked", false),
        SUBSCRIPTION("subscription", false);

        private final String state;
        private final boolean tracked;

        Type(String state, boolean tracked) {
            this.state = state;
            this.tracked = tracked;
        }

        /** The delivery state this event moves an e-mail to ({@code delivered}, {@code bounced}, ...). */
        public String state() {
            return state;
        }

        /** Whether the delivery status keeps this event (opens, clicks and subscriptions are only counted). */
        public boolean tracked() {
            return tracked;
        }
    }

    /** A permanent bounce or a complaint: the address is not sent to again. */
    public boolean suppresses() {
        return type == Type.COMPLAINT || type == Type.BOUNCE && "Permanent".equals(bounceType);
    }

    /** The reason a suppression gives, e.g. {@code bounce Permanent/NoEmail} or {@code complaint abuse}. */
    public String suppressionReason() {
        if (type == Type.BOUNCE) {
            return "bounce " + bounceType + "/" + (bounceSubType == null ? "-" : bounceSubType);
        }
        return "complaint" + (detail == null ? "" : " " + detail);
    }
}

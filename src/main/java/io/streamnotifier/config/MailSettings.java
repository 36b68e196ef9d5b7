package io.streamnotifier.config;

import java.util.List;

/** The e-mail: its sender, subject (read by the routes) and the attribute that holds the recipient. */
public record MailSettings(String sender, String recipientAttribute) {

    public static final Setting SENDER = Setting.of("notifier.sender",
            "SENDER", "Pinehead Records <orders@pinehead-records.example>",
            "From address; must be verified in SES (only its syntax is checked at start; an unverified sender "
            + "opens the circuit at the first send)");

    public static final Setting SUBJECT = Setting.of("notifier.subject",
            "NOTIFIER_SUBJECT", "Pinehead Records: Order Confirmation",
            "subject of the confirmation");

    public static final Setting RECIPIENT_ATTRIBUTE = Setting.of("notifier.recipient-attribute",
            "NOTIFIER_RECIPIENT_ATTRIBUTE", "email",
            "attribute of the order that holds the address");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(SENDER, SUBJECT, RECIPIENT_ATTRIBUTE);


    public static MailSettings from(SettingValues values) {
        return new MailSettings(SENDER.string(values), RECIPIENT_ATTRIBUTE.string(values));
    }
}

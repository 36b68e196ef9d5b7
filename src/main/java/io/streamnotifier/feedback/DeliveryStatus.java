package io.streamnotifier.feedback;

import java.time.Instant;
import java.util.List;

/**
 * The delivery status of one order's e-mail of one route, as the status table keeps it: its state now (accepted,
 * sent, delayed, delivered, bounced, rejected, rendering-failed, complained), the masked recipient, SES's message
 * id, and every event with its time.
 */
public record DeliveryStatus(String orderKey, String route, String state, String recipient, String messageId,
        Instant acceptedAt, List<Event> events) {

    /** One step of the e-mail's life: its state, when, and a detail (bounce type/sub-type, delay type...). */
    public record Event(String state, Instant at, String detail) {
    }
}

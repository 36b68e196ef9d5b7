package io.streamnotifier.feedback;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamnotifier.Json;

/**
 * The feedback part of the status page ({@code feedback} in {@code /status.json}): whether the loop runs, the
 * reputation rates over their window with SES's thresholds and the warnings, the count of each event state since
 * the start, and the last events (masked recipients, no address).
 */
public class FeedbackStatus {

    private final FeedbackStores stores;

    public FeedbackStatus(FeedbackStores stores) {
        this.stores = stores;
    }

    public ObjectNode snapshot() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("enabled", stores.enabled());
        ReputationRates rates = stores.rates();
        ObjectNode reputation = node.putObject("reputation");
        reputation.put("windowMinutes", rates.window().toMinutes());
        reputation.put("sends", rates.windowSends());
        reputation.put("bounces", rates.windowBounces());
        reputation.put("complaints", rates.windowComplaints());
        reputation.put("bounceRate", rates.bounceRate());
        reputation.put("complaintRate", rates.complaintRate());
        reputation.put("bounceReview", ReputationRates.BOUNCE_REVIEW);
        reputation.put("bouncePause", ReputationRates.BOUNCE_PAUSE);
        reputation.put("complaintReview", ReputationRates.COMPLAINT_REVIEW);
        reputation.put("complaintPause", ReputationRates.COMPLAINT_PAUSE);
        ArrayNode warnings = node.putArray("warnings");
        rates.warnings().forEach(warnings::add);
        ObjectNode counts = node.putObject("counts");
        stores.recent().counts().forEach(counts::put);
        ArrayNode events = node.putArray("events");
        for (RecentFeedback.Entry entry : stores.recent().newestFirst()) {
            ObjectNode event = events.addObject();
            event.put("at", entry.at() == null ? null : entry.at().toString());
            event.put("state", entry.state());
            event.put("route", entry.route());
            event.put("order", entry.orderKey());
            event.put("recipient", entry.recipient());
            event.put("detail", entry.detail());
            event.put("suppressed", entry.suppressed());
        }
        return node;
    }
}

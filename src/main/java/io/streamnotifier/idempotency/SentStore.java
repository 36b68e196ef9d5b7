package io.streamnotifier.idempotency;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Remembers which stream records each route has delivered, keyed by the route's id and the record's eventID, so
 * that a record read again (after a restart from TRIM_HORIZON, a crash before the stream position was saved, a
 * replay) is not sent twice by that route, while another route on the same records (a copy to the shop owner, an
 * SNS publish of the same INSERT) keeps its own entries. {@link #markSent} is called right after the sink (SES, SNS,
 * Slack) accepted the message.
 */
public interface SentStore {

    boolean wasSent(String routeId, String eventId);

    /** Which of these eventIDs the route delivered: one look-up for a whole stream batch where the store can. */
    default Set<String> sentAmong(String routeId, Collection<String> eventIds) {
        return eventIds.stream().filter(id -> wasSent(routeId, id)).collect(Collectors.toSet());
    }

    void markSent(String routeId, String eventId, String messageId);

    /** A short, log-safe description. */
    String describe();
}

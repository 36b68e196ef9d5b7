package io.streamnotifier.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.streamnotifier.Masking;
import io.streamnotifier.StreamNotifier;
import io.streamnotifier.feedback.DeliveryStatus;
import io.streamnotifier.feedback.FeedbackStores;
import io.streamnotifier.feedback.OrderKey;

/**
 * {@code status [--route R] ORDER_ID}: prints the delivery status of the order's e-mails from the delivery status
 * table (docs/feedback.md), one block per route: the state, the masked recipient, SES's message id and every event
 * with its time. Exit 0 when there is one, 2 when the table has none for the order, 1 on an error or when the
 * feedback loop is off ({@code notifier.feedback.queue-url} empty), 64 on bad arguments.
 */
public final class StatusCommand {

    static final int NOT_FOUND = 2;

    private StatusCommand() {
    }

    public static int run(List<String> args) {
        String route = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--route") && i + 1 < args.size()) {
                route = args.get(++i);
            } else {
                rest.add(args.get(i));
            }
        }
        if (rest.size() != 1 || rest.get(0).startsWith("--")) {
            System.err.println("usage: java -jar stream-notifier.jar status [--route R] ORDER_ID");
            return Commands.USAGE;
        }
        String orderKey = OrderKey.sanitize(rest.get(0));
        String onlyRoute = route;
        try {
            return OneShot.run(StreamNotifier.camelMain(), "status", context -> { }, context -> {
                FeedbackStores stores = context.getRegistry().lookupByNameAndType("feedbackStores",
                        FeedbackStores.class);
                if (!stores.enabled()) {
                    System.err.println("status: the delivery status is not kept: notifier.feedback.queue-url "
                            + "(NOTIFIER_FEEDBACK_QUEUE_URL) is empty (docs/feedback.md)");
                    return 1;
                }
                return print(System.out, orderKey, onlyRoute, stores.status().find(orderKey, onlyRoute));
            });
        } catch (Exception e) {
            System.err.println("status failed: " + Masking.reason(Commands.rootCause(e)));
            return 1;
        }
    }

    static int print(PrintStream out, String orderKey, String route, List<DeliveryStatus> statuses) {
        if (statuses.isEmpty()) {
            out.println("no delivery status for order " + orderKey + (route == null ? "" : " on route " + route)
                    + " (not sent through SES yet, sent before the feedback loop was on, or another key)");
            return NOT_FOUND;
        }
        for (DeliveryStatus status : statuses) {
            out.println("order " + status.orderKey() + "  route " + status.route() + "  " + status.state());
            out.println("  recipient " + status.recipient() + "  SES message id " + status.messageId());
            for (DeliveryStatus.Event event : status.events()) {
                out.println("  " + time(event.at()) + "  " + event.state()
                        + (event.detail() == null ? "" : "  " + event.detail()));
            }
        }
        return 0;
    }

    private static String time(Instant at) {
        return at == null ? "-" : at.toString();
    }
}

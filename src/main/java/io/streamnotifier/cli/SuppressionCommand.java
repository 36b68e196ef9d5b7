package io.streamnotifier.cli;

import java.util.List;

import io.streamnotifier.Masking;
import io.streamnotifier.StreamNotifier;
import io.streamnotifier.feedback.FeedbackStores;
import io.streamnotifier.feedback.SuppressionTable;

/**
 * {@code suppression list} prints the suppressed addresses (masked), with why and since when;
 * {@code suppression remove ADDRESS} lifts an address's suppression, so the next order to it is e-mailed again.
 * Exit 0, 2 when the address was not suppressed, 1 on an error or when the feedback loop is off, 64 on bad
 * arguments. The address given is never printed unmasked.
 */
public final class SuppressionCommand {

    private SuppressionCommand() {
    }

    public static int run(List<String> args) {
        boolean list = args.size() == 1 && args.get(0).equals("list");
        boolean remove = args.size() == 2 && args.get(0).equals("remove");
        if (!list && !remove) {
            System.err.println("usage: java -jar stream-notifier.jar suppression list | suppression remove ADDRESS");
            return Commands.USAGE;
        }
        try {
            return OneShot.run(StreamNotifier.camelMain(), "suppression", context -> { }, context -> {
                FeedbackStores stores = context.getRegistry().lookupByNameAndType("feedbackStores",
                        FeedbackStores.class);
                if (!stores.enabled()) {
                    System.err.println("suppression: there is no suppression list: notifier.feedback.queue-url "
                            + "(NOTIFIER_FEEDBACK_QUEUE_URL) is empty (docs/feedback.md)");
                    return 1;
                }
                return list ? list(stores.suppression()) : remove(stores, args.get(1));
            });
        } catch (Exception e) {
            System.err.println("suppression failed: " + Masking.reason(Commands.rootCause(e)));
            return 1;
        }
    }

    private static int list(SuppressionTable table) {
        List<SuppressionTable.Entry> entries = table.list();
        for (SuppressionTable.Entry entry : entries) {
            System.out.println(entry.recipient() + "  since " + entry.since() + "  " + entry.reason() + "  route "
                    + entry.route() + "  order " + entry.orderKey() + "  hash " + entry.addressHash().substring(0, 12));
        }
        System.out.println(entries.size() + " suppressed address" + (entries.size() == 1 ? "" : "es"));
        return 0;
    }

    private static int remove(FeedbackStores stores, String address) {
        SuppressionTable.Entry removed = stores.suppression().remove(stores.hash().of(address));
        if (removed == null) {
            System.out.println(Masking.maskEmail(address) + " is not on the suppression list");
            return StatusCommand.NOT_FOUND;
        }
        System.out.println("removed " + removed.recipient() + " from the suppression list (" + removed.reason()
                + " since " + removed.since() + "); the next order to it is e-mailed");
        return 0;
    }
}

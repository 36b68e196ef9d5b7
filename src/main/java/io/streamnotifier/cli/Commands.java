package io.streamnotifier.cli;

import java.util.Arrays;
import java.util.List;

/**
 * The jar's commands and the one place that dispatches them: {@code java -jar stream-notifier.jar [COMMAND] [ARGS]}.
 * A new command is one more line in {@link #ALL}; {@code --help} lists it from there.
 */
public final class Commands {

    /** A command: its name, its arguments as --help shows them, what it does in one line, and what runs it. */
    public record Entry(String name, String arguments, String summary, Command command) {
    }

    /** Every command, in the order --help lists them. */
    static final List<Entry> ALL = List.of(
            new Entry("run", "", "run the service: read the streams, send the notifications (the default)",
                    RunCommand::run),
            new Entry("check", "", "check the set-up, one line each (OK, FAIL with the reason, or SKIP); "
                    + "exit 0 when none failed", CheckCommand::run),
            new Entry("replay", "[--dry-run]", "send the dead letters again (--dry-run: list them); exit 0, "
                    + "3 when some failed again, 1 on an error", ReplayCommand::run),
            new Entry("render", "[--route R] [--out DIR] [--open] [--event E] INPUT", "render the e-mail a route "
                    + "would send for INPUT (a stream record, a DynamoDB item, - or a dead letter's eventID), without "
                    + "sending it", args -> RenderCommand.run(args.toArray(String[]::new))),
            new Entry("status", "[--route R] ORDER_ID", "print the delivery status of an order's e-mails (accepted, "
                    + "delivered, bounced...; the SES feedback loop); exit 0, 2 when there is none",
                    StatusCommand::run),
            new Entry("suppression", "list | remove ADDRESS", "list the addresses not e-mailed any more (permanent "
                    + "bounce, complaint), or lift one", SuppressionCommand::run),
            new Entry("help", "", "this text (also --help, -h)", args -> Help.print(System.out, Commands.ALL)));

    /** The exit status of a command line that names no command. */
    static final int USAGE = 64;

    private Commands() {
    }

    /**
     * Runs the command the arguments name and ends the JVM with its exit status; the service ({@code run}), having
     * stopped normally, ends as the JVM does after Camel's shutdown.
     */
    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "run" : args[0];
        if (name.equals("--help") || name.equals("-h")) {
            name = "help";
        }
        Entry entry = find(name);
        if (entry == null) {
            System.err.println("stream-notifier: unknown command '" + name + "'; the commands are "
                    + String.join(", ", ALL.stream().map(Entry::name).toList())
                    + " (java -jar stream-notifier.jar --help)");
            System.exit(USAGE);
            return;
        }
        List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
        int status = entry.command().run(rest);
        if (status != 0 || !entry.name().equals("run")) {
            // a command ends here (the SDK's and Camel's idle threads would keep the JVM running)
            System.exit(status);
        }
    }

    static Entry find(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    /** The innermost cause: a failed start's reason, rather than Camel's wrapping exceptions. */
    static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}

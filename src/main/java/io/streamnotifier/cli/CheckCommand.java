package io.streamnotifier.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.streamnotifier.Masking;
import io.streamnotifier.StreamNotifier;
import io.streamnotifier.check.CheckLine;
import io.streamnotifier.check.SetupCheck;

/**
 * {@code check}: starts the routes without reading the streams, as every one-shot command does ({@link OneShot}),
 * prints the {@link SetupCheck}'s lines and ends: 0 when none failed, 1 when one did (or the configuration does not
 * start).
 */
public final class CheckCommand {

    private CheckCommand() {
    }

    public static int run(List<String> args) {
        List<CheckLine> lines = check();
        print(lines, System.out);
        return lines.stream().anyMatch(CheckLine::failed) ? 1 : 0;
    }

    /** The check's lines; a configuration that does not start is one FAIL line with the reason. */
    static List<CheckLine> check() {
        List<CheckLine> lines = new ArrayList<>();
        try {
            OneShot.run(StreamNotifier.camelMain(), "check", context -> {
            }, context -> {
                lines.addAll(new SetupCheck(context).run());
                return 0;
            });
        } catch (Exception e) {
            lines.add(CheckLine.fail("configuration", "the service does not start: "
                    + Masking.reason(Commands.rootCause(e))));
        }
        if (lines.isEmpty()) {
            lines.add(CheckLine.fail("configuration", "the service did not start (see the log above)"));
        }
        return lines;
    }

    static void print(List<CheckLine> lines, PrintStream out) {
        out.println("stream-notifier check:");
        lines.forEach(line -> out.println("  " + line));
        long failed = lines.stream().filter(CheckLine::failed).count();
        out.println(failed == 0 ? "check passed" : "check failed: " + failed + " of " + lines.size() + " lines");
    }
}

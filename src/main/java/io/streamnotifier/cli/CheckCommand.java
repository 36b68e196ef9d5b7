package io.streamnotifier.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.streamnotifier.Masking;
import io.streamnotifier.StreamNotifier;
import io.streamnotifier.check.CheckLine;
import io.streamnotifier.check.SetupCheck;
import io.streamnotifier.stream.kcl.DdbStreamComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * {@code check}: starts the routes without reading the streams, prints the {@link SetupCheck}'s lines and ends: 0
 * when none failed, 1 when one did (or the configuration does not start).
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
        Main main = StreamNotifier.camelMain();
        main.addOverrideProperty("notifier.ops.enabled", "false");
        main.addOverrideProperty("notifier.check.at-start", "false");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport support) {
                support.getCamelContext().getComponent("ddb-stream", DdbStreamComponent.class).setReadStreams(false);
            }

            @Override
            public void afterStart(BaseMainSupport support) {
                try {
                    lines.addAll(new SetupCheck(support.getCamelContext()).run());
                } finally {
                    ((Main) support).completed();
                }
            }
        });
        try {
            main.run();
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

package io.streamnotifier.cli;

import java.util.List;

import io.streamnotifier.StreamNotifier;
import io.streamnotifier.check.CheckLine;
import io.streamnotifier.check.SetupCheck;
import io.streamnotifier.config.OpsSettings;
import io.streamnotifier.config.SettingValues;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run} (the default): the service. After its start, the {@link SetupCheck} runs in the background and logs its
 * lines ({@code notifier.check.at-start}). With {@code notifier.check.strict} (NOTIFIER_CHECK_STRICT=true) the routes
 * start only once the check has passed: a failed check stops the service before any stream is read, exit status 2.
 * Other arguments are Camel Main's own options.
 */
public final class RunCommand {

    /** The exit status of a start stopped by a failed strict check. */
    static final int CHECK_FAILED = 2;

    private static final Logger LOG = LoggerFactory.getLogger("io.streamnotifier.check");

    private RunCommand() {
    }

    public static int run(List<String> args) throws Exception {
        Main main = StreamNotifier.camelMain();
        boolean[] checkFailed = {false};
        main.addMainListener(new MainListenerSupport() {
            private boolean strict;

            @Override
            public void afterConfigure(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                strict = OpsSettings.from(SettingValues.of(context)).checkStrict();
                if (strict) {
                    // the routes (and with them the stream readers) start once the check has passed
                    context.setAutoStartup(false);
                }
            }

            @Override
            public void afterStart(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                if (strict) {
                    if (log(new SetupCheck(context).run())) {
                        LOG.error("a start-up check failed and notifier.check.strict (NOTIFIER_CHECK_STRICT) is true:"
                                + " stopping before any stream is read");
                        checkFailed[0] = true;
                        ((Main) support).completed();
                        return;
                    }
                    try {
                        context.getRouteController().startAllRoutes();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                } else if (OpsSettings.from(SettingValues.of(context)).checkAtStart()) {
                    Thread check = new Thread(() -> log(new SetupCheck(context).run()), "setup-check");
                    check.setDaemon(true);
                    check.start();
                }
            }
        });
        int status = main.run(args.toArray(String[]::new));
        return checkFailed[0] ? CHECK_FAILED : status;
    }

    /** Logs the lines (a failed one as a warning); whether one failed. */
    private static boolean log(List<CheckLine> lines) {
        boolean failed = false;
        for (CheckLine line : lines) {
            if (line.failed()) {
                failed = true;
                LOG.warn("check: {}", line);
            } else {
                LOG.info("check: {}", line);
            }
        }
        return failed;
    }
}

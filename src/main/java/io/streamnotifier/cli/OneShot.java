package io.streamnotifier.cli;

import java.util.function.Consumer;

import io.streamnotifier.Masking;
import io.streamnotifier.config.OpsSettings;
import io.streamnotifier.stream.kcl.DdbStreamComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * A command that starts the service's routes without reading any stream, does its work once they have started, and
 * ends: no ops server of its own (its port is the running service's) and no set-up check after the start.
 */
final class OneShot {

    /** The command's work, given the started context; returns the process's exit status. */
    interface Work {
        int run(CamelContext context) throws Exception;
    }

    private OneShot() {
    }

    /**
     * Runs {@code main} with {@code configure} applied once the context is configured and {@code work} once it has
     * started. Returns the work's status, or 1 when it throws (printed as {@code NAME failed: REASON}).
     */
    static int run(Main main, String name, Consumer<CamelContext> configure, Work work) throws Exception {
        main.addOverrideProperty(OpsSettings.ENABLED.key(), "false");
        main.addOverrideProperty(OpsSettings.CHECK_AT_START.key(), "false");
        // the SES events queue is the running service's to read
        main.addOverrideProperty("notifier.feedback.read-events", "false");
        int[] status = {1};
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                context.getComponent("ddb-stream", DdbStreamComponent.class).setReadStreams(false);
                configure.accept(context);
            }

            @Override
            public void afterStart(BaseMainSupport support) {
                try {
                    status[0] = work.run(support.getCamelContext());
                } catch (Exception e) {
                    System.err.println(name + " failed: " + Masking.reason(e));
                    status[0] = 1;
                } finally {
                    ((Main) support).completed();
                }
            }
        });
        main.run();
        return status[0];
    }
}

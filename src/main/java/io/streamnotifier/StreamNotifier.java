package io.streamnotifier;

import java.nio.file.Path;
import java.util.Arrays;

import io.streamnotifier.deadletter.DeadLetterChannel;
import io.streamnotifier.deadletter.DeadLetterStore;
import io.streamnotifier.deadletter.Replay;
import io.streamnotifier.deadletter.SqsDeadLetterStore;
import io.streamnotifier.ses.SesSender;
import io.streamnotifier.stream.kcl.DdbStreamComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Runs the service: Camel Main with {@link NotifierConfiguration}, the routes found by
 * {@code camel.main.routes-include-pattern} ({@link RouteFiles}) and the properties in {@code application.properties}.
 * <p>
 * An optional properties file on the file system ({@code config/application.properties}, or the file named by
 * {@code NOTIFIER_CONFIG}) overrides the defaults packaged in the jar, including their {@code {{env:NAME:...}}}
 * look-ups: a key that file sets is no longer read from the environment variable its default names.
 */
public final class StreamNotifier {

    private StreamNotifier() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("replay")) {
            int status;
            try {
                status = replay(Arrays.asList(args).contains("--dry-run"));
            } catch (Exception e) {
                // a bad configuration, typically: its cause on one line rather than a stack trace of Camel's start
                Throwable cause = e;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                System.err.println("replay failed: " + Masking.reason(cause));
                status = 1;
            }
            System.exit(status);
        }
        main().run(args);
    }

    private static Main main() {
        String overrides = System.getenv().getOrDefault("NOTIFIER_CONFIG", "config/application.properties");
        // the configuration class named, not found by scanning this package: a scan reads and inflates the whole
        // jar of every dependency, half a minute on a busy machine
        Main main = new Main();
        main.configure().addConfiguration(NotifierConfiguration.class);
        // the first location that has a key wins: the operator's file before the packaged defaults
        main.setPropertyPlaceholderLocations(
                "file:" + overrides + ";optional=true,classpath:application.properties");
        // route files of routes/ replace or add to the packaged ones; no routes/ directory is no error
        main.setRoutesCollector(new RouteFiles());
        return main;
    }

    /**
     * {@code replay [--dry-run]}: starts the routes without reading the streams, hands them the dead letters of
     * the file store ({@link Replay}) and exits: 0 when all went through (or the dry run listed them), 3 when some
     * failed again, 1 on an error.
     */
    private static int replay(boolean dryRun) throws Exception {
        int[] status = {1};
        Main main = main();
        // a replay runs next to the service: no ops server of its own (its port is the service's)
        main.addOverrideProperty("notifier.ops.enabled", "false");
        // an operator's replay with SES still down should end (failures kept), not wait for SES to come back
        main.addOverrideProperty("notifier.ses.outage-after-records", "0");
        // a dead letter is old by definition: a maximum record age would expire every one of them again
        main.addOverrideProperty("notifier.max-record-age-seconds", "0");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport support) {
                support.getCamelContext().getComponent("ddb-stream", DdbStreamComponent.class).setReadStreams(false);
                // SES refusing every send: keep the dead letters as they are and end, rather than wait
                support.getCamelContext().getRegistry().lookupByNameAndType("sesSender", SesSender.class)
                        .setHoldWhenRefused(false);
            }

            @Override
            public void afterStart(BaseMainSupport support) {
                try {
                    CamelContext context = support.getCamelContext();
                    Path file = Path.of(context.resolvePropertyPlaceholders("{{notifier.dead-letter.file}}"));
                    Replay replay = new Replay(context, file, System.out);
                    DeadLetterStore store = context.getRegistry().lookupByNameAndType("deadLetters",
                            DeadLetterChannel.class).store();
                    if (dryRun) {
                        replay.dryRun();
                        if (store instanceof SqsDeadLetterStore sqs) {
                            replay.dryRunQueue(sqs.sqs(), sqs.queueUrl());
                        }
                        status[0] = 0;
                    } else {
                        int failed = replay.run();
                        if (store instanceof SqsDeadLetterStore sqs) {
                            failed += replay.runQueue(sqs.sqs(), sqs.queueUrl());
                        }
                        status[0] = failed == 0 ? 0 : 3;
                    }
                } catch (Exception e) {
                    System.err.println("replay failed: " + Masking.reason(e));
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

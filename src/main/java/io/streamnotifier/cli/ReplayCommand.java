package io.streamnotifier.cli;

import java.nio.file.Path;
import java.util.List;

import io.streamnotifier.Masking;
import io.streamnotifier.StreamNotifier;
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
 * {@code replay [--dry-run]}: starts the routes without reading the streams, hands them the dead letters of the file
 * store ({@link Replay}) and of the SQS store if configured, and ends: 0 when all went through (or the dry run
 * listed them), 3 when some failed again, 1 on an error such as a bad configuration.
 */
public final class ReplayCommand {

    private ReplayCommand() {
    }

    public static int run(List<String> args) {
        try {
            return replay(args.contains("--dry-run"));
        } catch (Exception e) {
            // a bad configuration, typically: its cause on one line rather than a stack trace of Camel's start
            System.err.println("replay failed: " + Masking.reason(Commands.rootCause(e)));
            return 1;
        }
    }

    private static int replay(boolean dryRun) throws Exception {
        int[] status = {1};
        Main main = StreamNotifier.camelMain();
        // a replay runs next to the service: no ops server of its own (its port is the service's)
        main.addOverrideProperty("notifier.ops.enabled", "false");
        // nor the service's start-up check
        main.addOverrideProperty("notifier.check.at-start", "false");
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

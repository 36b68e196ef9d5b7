package io.streamnotifier.cli;

import java.nio.file.Path;
import java.util.List;

import io.streamnotifier.Masking;
import io.streamnotifier.StreamNotifier;
import io.streamnotifier.config.DeadLetterSettings;
import io.streamnotifier.config.DeliverySettings;
import io.streamnotifier.config.SesSettings;
import io.streamnotifier.config.SettingValues;
import io.streamnotifier.deadletter.DeadLetterChannel;
import io.streamnotifier.deadletter.DeadLetterStore;
import io.streamnotifier.deadletter.QueueReplay;
import io.streamnotifier.deadletter.Replay;
import io.streamnotifier.deadletter.SqsDeadLetterStore;
import io.streamnotifier.ses.SesSender;
import org.apache.camel.main.Main;

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
        Main main = StreamNotifier.camelMain();
        // an operator's replay with SES still down should end (failures kept), not wait for SES to come back
        main.addOverrideProperty(SesSettings.OUTAGE_AFTER_RECORDS.key(), "0");
        // a dead letter is old by definition: a maximum record age would expire every one of them again
        main.addOverrideProperty(DeliverySettings.MAX_RECORD_AGE_SECONDS.key(), "0");
        return OneShot.run(main, "replay",
                // SES refusing every send: keep the dead letters as they are and end, rather than wait
                context -> context.getRegistry().lookupByNameAndType("sesSender", SesSender.class)
                        .setHoldWhenRefused(false),
                context -> {
                    Path file = Path.of(DeadLetterSettings.FILE.string(SettingValues.of(context)));
                    Replay replay = new Replay(context, file, System.out);
                    DeadLetterStore store = context.getRegistry().lookupByNameAndType("deadLetters",
                            DeadLetterChannel.class).store();
                    if (dryRun) {
                        replay.dryRun();
                        if (store instanceof SqsDeadLetterStore sqs) {
                            new QueueReplay(context, System.out).dryRun(sqs.sqs(), sqs.queueUrl());
                        }
                        return 0;
                    }
                    int failed = replay.run();
                    if (store instanceof SqsDeadLetterStore sqs) {
                        failed += new QueueReplay(context, System.out).run(sqs.sqs(), sqs.queueUrl());
                    }
                    return failed == 0 ? 0 : 3;
                });
    }
}

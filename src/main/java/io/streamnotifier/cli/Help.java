package io.streamnotifier.cli;

import java.io.PrintStream;
import java.util.List;

/** The text of {@code --help}: the commands (from {@link Commands#ALL}) and the main settings. */
final class Help {

    /** The main environment variables; every setting is in the README's configuration table. */
    private static final String SETTINGS = """
            Main settings (environment variables; all of them: README, "Configuration"):
              AWS_REGION                          the AWS region (us-east-1); credentials: the AWS SDK's default chain
              NOTIFIER_TABLE                      the table whose stream is read (Orders)
              SENDER                              the From address, a verified SES identity
              NOTIFIER_STARTING_POSITION          where a new reader starts: LATEST, TRIM_HORIZON, AT_TIMESTAMP (LATEST)
              NOTIFIER_DYNAMODB_STREAMS_ENDPOINT  endpoint of DynamoDB and its streams, e.g. DynamoDB Local (AWS)
              NOTIFIER_SES_ENDPOINT               endpoint of SES, e.g. a local emulator (AWS)
              NOTIFIER_DATA_DIR                   where the dead letters are written (data)
              NOTIFIER_DEAD_LETTER_STORE          file or sqs (file)
              NOTIFIER_IDEMPOTENCY_STORE          send-once table: dynamodb or none (dynamodb)
              NOTIFIER_ROUTES                     route files read before the packaged routes (file:routes/*.camel.yaml)
              NOTIFIER_TEMPLATES_DIR              templates read before the packaged ones (templates)
              NOTIFIER_KAMELETS                   Kamelets read before the packaged ones (file:kamelets)
              NOTIFIER_CONFIG                     properties file overriding the defaults (config/application.properties)
              NOTIFIER_OPS_PORT                   port of health, metrics and the status page, on 127.0.0.1 (8081)
              NOTIFIER_CHECK_AT_START             run the check after every start and log its lines (true)
              NOTIFIER_CHECK_STRICT               start reading only when the check passes; else exit 2 (false)
              NOTIFIER_LOG_FORMAT                 human or json (human)
            """;

    private Help() {
    }

    static int print(PrintStream out, List<Commands.Entry> commands) {
        out.println("Usage: java [JVM options] -jar stream-notifier.jar [COMMAND] [ARGS]");
        out.println();
        out.println("Commands:");
        for (Commands.Entry entry : commands) {
            String usage = entry.arguments().isEmpty() ? entry.name() : entry.name() + " " + entry.arguments();
            out.printf("  %-20s %s%n", usage, entry.summary());
        }
        out.println();
        out.print(SETTINGS);
        return 0;
    }
}

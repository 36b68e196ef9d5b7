package io.streamnotifier.it.support;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The settings that point the service at the local stack and at a test's own table, each under its property key and
 * its environment variable: one list for the tests that boot the service in their JVM (properties, see
 * {@code ServiceITSupport}) and for those that run the packaged jar as a process (environment variables, see
 * {@code ServiceProcess}). A test adds or overrides its own on top.
 */
public final class LocalStackSettings {

    /**
     * One setting: its property key (null for a variable the AWS SDK reads itself, which the in-process tests get as
     * system properties from the build), its environment variable, and its value.
     */
    public record Setting(String key, String variable, String value) {
    }

    private LocalStackSettings() {
    }

    /** The settings for a test's table, against the local servers (started at first use). */
    public static List<Setting> forTable(String table) {
        return forTable(table, LocalServers.dynamoDbEndpoint(), LocalServers.sesEndpoint());
    }

    /** The settings for a test's table, against the given DynamoDB (and its streams) and SES endpoints. */
    public static List<Setting> forTable(String table, URI dynamoDb, URI ses) {
        return List.of(
                // dummy credentials for the local servers, through the SDK's default provider chain
                new Setting(null, "AWS_ACCESS_KEY_ID", "local"),
                new Setting(null, "AWS_SECRET_ACCESS_KEY", "local"),
                new Setting("notifier.aws.region", "AWS_REGION", "us-east-1"),
                new Setting("notifier.table", "NOTIFIER_TABLE", table),
                new Setting("notifier.dynamodb-streams.endpoint", "NOTIFIER_DYNAMODB_STREAMS_ENDPOINT",
                        dynamoDb.toString()),
                new Setting("notifier.ses.endpoint", "NOTIFIER_SES_ENDPOINT", ses.toString()),
                // each test writes its records before or while the service starts
                new Setting("notifier.stream.starting-position", "NOTIFIER_STARTING_POSITION", "TRIM_HORIZON"),
                new Setting("notifier.stream.lease-table", "NOTIFIER_LEASE_TABLE", leaseTable(table)),
                new Setting("notifier.stream.failover-time-ms", "NOTIFIER_FAILOVER_TIME_MS", "3000"),
                // a free port: tests run side by side
                new Setting("notifier.ops.port", "NOTIFIER_OPS_PORT", "0"),
                // the emulator has no sending quota; SesRateLimitIT sets one
                new Setting("notifier.ses.max-send-rate", "NOTIFIER_SES_MAX_SEND_RATE", "0"));
    }

    /** The lease table the settings give a test's table. */
    public static String leaseTable(String table) {
        return table + "-leases";
    }

    /** As properties of the service (the settings the SDK reads from its own variables left out). */
    public static Properties properties(List<Setting> settings) {
        Properties properties = new Properties();
        for (Setting setting : settings) {
            if (setting.key() != null) {
                properties.put(setting.key(), setting.value());
            }
        }
        return properties;
    }

    /** As environment variables of a process. */
    public static Map<String, String> environment(List<Setting> settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Setting setting : settings) {
            environment.put(setting.variable(), setting.value());
        }
        return environment;
    }
}

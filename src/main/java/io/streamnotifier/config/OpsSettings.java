package io.streamnotifier.config;

import java.util.List;

/** Operations: the ops server (health, metrics, status page) and the set-up check after a start. */
public record OpsSettings(boolean enabled, String host, int port, boolean statusPageEnabled, boolean checkAtStart,
        boolean checkStrict) {

    public static final Setting ENABLED = Setting.of("notifier.ops.enabled", "NOTIFIER_OPS_ENABLED", "true",
            "the ops server (health, metrics, the status page); the service's own, not Camel's "
            + "`camel.management.*` server (docs/operations.md)");

    public static final Setting HOST = Setting.of("notifier.ops.host", "NOTIFIER_OPS_HOST", "127.0.0.1",
            "its address (`0.0.0.0` in the image)");

    public static final Setting PORT = Setting.of("notifier.ops.port", "NOTIFIER_OPS_PORT", "8081",
            "its port (0: any free port)");

    public static final Setting STATUS_PAGE_ENABLED = Setting.of("notifier.ops.status-page.enabled",
            "NOTIFIER_STATUS_PAGE_ENABLED", "true",
            "the status page (`/status`, `/status.json`) on the ops server");

    public static final Setting CHECK_AT_START = Setting.of("notifier.check.at-start",
            "NOTIFIER_CHECK_AT_START", "true",
            "run `check` after every start, in the background, and log its lines (a FAIL as a WARN)");

    public static final Setting CHECK_STRICT = Setting.of("notifier.check.strict", "NOTIFIER_CHECK_STRICT", "false",
            "start the routes only after `check` passed; a failed check ends the service with exit status 2 before "
            + "any stream is read");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(ENABLED, HOST, PORT, STATUS_PAGE_ENABLED, CHECK_AT_START,
            CHECK_STRICT);


    public static OpsSettings from(SettingValues values) {
        return new OpsSettings(ENABLED.booleanValue(values), HOST.string(values), PORT.intValue(values),
                STATUS_PAGE_ENABLED.booleanValue(values), CHECK_AT_START.booleanValue(values),
                CHECK_STRICT.booleanValue(values));
    }
}

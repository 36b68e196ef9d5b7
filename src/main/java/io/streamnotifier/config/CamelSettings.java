package io.streamnotifier.config;

import java.util.List;

/**
 * The Camel keys of application.properties: Camel Main, health, and the components the service configures. Camel
 * reads them itself; they are defined here so that the file and the configuration table are checked against them.
 */
public final class CamelSettings {

    public static final Setting NAME = Setting.fixed("camel.main.name", "stream-notifier",
            "the CamelContext's name (fixed)");

    public static final Setting ROUTES_INCLUDE_PATTERN = Setting.appended("camel.main.routes-include-pattern",
            "NOTIFIER_ROUTES", "file:routes/*.camel.yaml", ",classpath:routes/*.camel.yaml",
            "where the YAML routes are read from: the variable's files first, then the routes packaged in the jar; "
            + "a file of the same name replaces the packaged route, a missing directory is no error");

    public static final Setting JAVA_ROUTES_INCLUDE_PATTERN = Setting.of("camel.main.java-routes-include-pattern",
            "NOTIFIER_JAVA_ROUTES", "",
            "Java `RouteBuilder` classes to load, as path patterns (`io/streamnotifier/examples/*`); empty: none");

    public static final Setting USE_MDC_LOGGING = Setting.fixed("camel.main.use-mdc-logging", "false",
            "fixed off: Camel's own log fields were 7 % of the sending thread's CPU; the stream reader puts the "
            + "route, table, shard, eventID and sequence number into the log fields (MDC) itself");

    public static final Setting SHUTDOWN_TIMEOUT = Setting.of("camel.main.shutdown-timeout",
            "NOTIFIER_SHUTDOWN_TIMEOUT_SECONDS", "15",
            "graceful shutdown limit");

    public static final Setting JMX_ENABLED = Setting.fixed("camel.main.jmx-enabled", "false",
            "fixed: JMX off");

    public static final Setting HEALTH_ENABLED = Setting.fixed("camel.health.enabled", "true",
            "fixed: Camel's health checks, which readiness builds on");

    public static final Setting FREEMARKER_CONFIGURATION = Setting.fixed("camel.component.freemarker.configuration",
            "#templateConfiguration",
            "fixed: the service's FreeMarker set-up (`.ftlh` escaping, no `?new` or `?api`, templates from "
            + "`notifier.templates.dir`)");

    public static final Setting FREEMARKER_ALLOW_TEMPLATE_FROM_HEADER = Setting.fixed(
            "camel.component.freemarker.allow-template-from-header",
            
            "false",
            "fixed, off: a message cannot choose its template");

    public static final Setting FREEMARKER_ALLOW_CONTEXT_MAP_ALL = Setting.fixed(
            "camel.component.freemarker.allow-context-map-all",
            
            "false",
            "fixed, off: a template cannot reach the Camel context");

    public static final Setting KAMELET_LOCATION = Setting.appended("camel.component.kamelet.location",
            "NOTIFIER_KAMELETS", "file:kamelets", ",classpath:kamelets",
            "where the Kamelets (the routes' building blocks) are read from: the variable's location first, then "
            + "the Kamelets packaged in the jar");

    public static final Setting DDB_STREAM_PARALLELISM = Setting.fixed("camel.component.ddb-stream.parallelism",
            "{{notifier.stream.parallelism}}",
            "hands `notifier.stream.parallelism` to every `ddb-stream` endpoint (an endpoint parameter overrides it)");

    public static final Setting DDB_STREAM_BUSY_POLL_INTERVAL_MS = Setting.fixed(
            "camel.component.ddb-stream.busy-poll-interval-ms",
            
            "{{notifier.stream.busy-poll-interval-ms}}",
            "hands `notifier.stream.busy-poll-interval-ms` to every `ddb-stream` endpoint");

    public static final Setting DDB_STREAM_BUSY_PERIOD_MS = Setting.fixed("camel.component.ddb-stream.busy-period-ms",
            "{{notifier.stream.busy-period-ms}}",
            "hands `notifier.stream.busy-period-ms` to every `ddb-stream` endpoint");

    public static final Setting DDB_STREAM_CHECKPOINT_INTERVAL_MS = Setting.fixed(
            "camel.component.ddb-stream.checkpoint-interval-ms",
            
            "{{notifier.stream.checkpoint-interval-ms}}",
            "hands `notifier.stream.checkpoint-interval-ms` to every `ddb-stream` endpoint");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(NAME, ROUTES_INCLUDE_PATTERN, JAVA_ROUTES_INCLUDE_PATTERN,
            USE_MDC_LOGGING, SHUTDOWN_TIMEOUT, JMX_ENABLED, HEALTH_ENABLED, FREEMARKER_CONFIGURATION,
            FREEMARKER_ALLOW_TEMPLATE_FROM_HEADER, FREEMARKER_ALLOW_CONTEXT_MAP_ALL, KAMELET_LOCATION,
            DDB_STREAM_PARALLELISM, DDB_STREAM_BUSY_POLL_INTERVAL_MS, DDB_STREAM_BUSY_PERIOD_MS,
            DDB_STREAM_CHECKPOINT_INTERVAL_MS);


    private CamelSettings() {
    }
}

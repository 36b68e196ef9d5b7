package io.streamnotifier.stream.kcl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CatalogCamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.common.InitialPositionInStream;

/**
 * {@code ddb-stream:} URIs to options, through Camel's own endpoint resolution (the service file of the component,
 * its generated configurers and type converters), and the messages a bad option fails with.
 */
class DdbStreamEndpointUriTest {

    private DefaultCamelContext context;

    /** Not started: starting an endpoint with a viewType would ask DynamoDB for the table's stream. */
    @BeforeEach
    void create() {
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private DdbStreamConfiguration options(String uri) {
        return context.getEndpoint(uri, DdbStreamEndpoint.class).getConfiguration();
    }

    /** The messages of the failure and its causes, the way the start-up log shows them. */
    private String failure(String uri) {
        Exception e = assertThrows(Exception.class, () -> context.getEndpoint(uri));
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return String.join(" / ", messages);
    }

    @Test
    void the_component_is_found_by_its_scheme_with_its_generated_configurers_and_catalogue_entry() throws Exception {
        assertTrue(context.getComponent("ddb-stream") instanceof DdbStreamComponent);
        assertNotNull(PluginHelper.getConfigurerResolver(context).resolvePropertyConfigurer("ddb-stream-endpoint",
                context));
        assertNotNull(PluginHelper.getConfigurerResolver(context).resolvePropertyConfigurer("ddb-stream-component",
                context));
        String json = ((CatalogCamelContext) context).getComponentParameterJsonSchema("ddb-stream");
        assertNotNull(json);
        assertTrue(json.contains("\"failoverTimeMs\""), json);
        assertTrue(json.contains("\"NotifierShardId\""), json);
        assertTrue(json.contains("\"enum\": [ \"LATEST\", \"TRIM_HORIZON\", \"AT_TIMESTAMP\" ]"), json);
    }

    @Test
    void an_endpoint_without_options_has_the_defaults() {
        DdbStreamConfiguration options = options("ddb-stream:Orders");
        assertEquals("Orders", options.getTableName());
        assertEquals("stream-notifier-Orders", options.getApplicationName());
        assertEquals("stream-notifier-Orders", options.getLeaseTable());
        assertEquals(StartingPosition.LATEST, options.getStartingPosition());
        assertNull(options.getStartingTimestamp());
        assertNull(options.notBefore());
        assertEquals(100, options.getBatchSize());
        assertEquals(100, options.getPollIntervalMs());
        assertEquals(50, options.getBusyPollIntervalMs());
        assertEquals(1000, options.getBusyPeriodMs());
        assertEquals(1000, options.getCheckpointIntervalMs());
        assertEquals(1, options.getParallelism());
        assertTrue(options.isLookAhead());
        assertFalse(options.getWorkerId().isBlank(), "the host name");
        assertEquals(10_000, options.getFailoverTimeMs());
        assertEquals(30_000, options.getStreamCheckIntervalMs());
        assertEquals(10_000, options.getShutdownTimeoutMs());
        assertNull(options.getViewType());
    }

    @Test
    void every_option_is_read_from_the_uri() {
        DdbStreamEndpoint endpoint = context.getEndpoint("ddb-stream:Orders?applicationName=shipped"
                + "&leaseTable=shipped-leases&startingPosition=AT_TIMESTAMP"
                + "&startingTimestamp=2026-11-25T10:00:00Z&batchSize=250&pollIntervalMs=300&busyPollIntervalMs=20"
                + "&busyPeriodMs=4000&checkpointIntervalMs=0&parallelism=8&lookAhead=false&workerId=node-2"
                + "&failoverTimeMs=6000&streamCheckIntervalMs=5000&shutdownTimeoutMs=7000"
                + "&viewType=NEW_AND_OLD_IMAGES", DdbStreamEndpoint.class);
        DdbStreamConfiguration options = endpoint.getConfiguration();
        assertEquals("Orders", options.getTableName());
        assertEquals("shipped", options.getApplicationName());
        assertEquals("shipped-leases", options.getLeaseTable());
        assertEquals(StartingPosition.AT_TIMESTAMP, options.getStartingPosition());
        assertEquals("2026-11-25T10:00:00Z", options.getStartingTimestamp());
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), endpoint.notBefore());
        assertEquals(InitialPositionInStream.TRIM_HORIZON, endpoint.initialPosition());
        assertEquals(250, options.getBatchSize());
        assertEquals(300, options.getPollIntervalMs());
        assertEquals(20, options.getBusyPollIntervalMs());
        assertEquals(4000, options.getBusyPeriodMs());
        assertEquals(0, options.getCheckpointIntervalMs());
        assertEquals(8, options.getParallelism());
        assertFalse(options.isLookAhead());
        assertEquals("node-2", options.getWorkerId());
        assertEquals(6000, options.getFailoverTimeMs());
        assertEquals(3000, endpoint.leaseDurationMs());
        assertEquals(600, endpoint.leaseScanIntervalMs());
        assertEquals(5000, options.getStreamCheckIntervalMs());
        assertEquals(7000, options.getShutdownTimeoutMs());
        assertEquals(ViewType.NEW_AND_OLD_IMAGES, options.getViewType());
        // the endpoint's delegating getters, which the consumer reads
        assertEquals("shipped-leases", endpoint.getLeaseTable());
        assertEquals(8, endpoint.getParallelism());
        assertEquals(0, endpoint.getCheckpointIntervalMs());
    }

    @Test
    void enum_options_are_read_in_any_case_and_a_blank_name_means_the_default() {
        assertEquals(StartingPosition.TRIM_HORIZON, options("ddb-stream:A?startingPosition=trim_horizon")
                .getStartingPosition());
        assertEquals(ViewType.NEW_IMAGE, options("ddb-stream:B?viewType=new_image").getViewType());
        assertEquals(ViewType.KEYS_ONLY, options("ddb-stream:C?viewType=Keys_Only").getViewType());
        // as the source Kamelet passes an unset option
        assertEquals("stream-notifier-E", options("ddb-stream:E?applicationName=&leaseTable=").getLeaseTable());
        assertEquals(StartingPosition.LATEST, DdbStreamConverters.toStartingPosition(" latest "));
        assertEquals(ViewType.OLD_IMAGE, DdbStreamConverters.toViewType(" old_image "));
    }

    @Test
    void the_component_options_are_every_endpoint_s_defaults_and_an_endpoint_changes_only_its_own() {
        DdbStreamComponent component = context.getComponent("ddb-stream", DdbStreamComponent.class);
        // as camel.component.ddb-stream.* settings are bound
        PropertyBindingSupport.build().bind(context, component, "parallelism", "4");
        PropertyBindingSupport.build().bind(context, component, "busy-poll-interval-ms", "10");
        PropertyBindingSupport.build().bind(context, component, "startingPosition", "trim_horizon");
        PropertyBindingSupport.build().bind(context, component, "lookAhead", "false");

        DdbStreamConfiguration first = options("ddb-stream:Orders?parallelism=2");
        DdbStreamConfiguration second = options("ddb-stream:Returns");
        assertEquals(2, first.getParallelism());
        assertEquals(4, second.getParallelism());
        assertEquals(10, first.getBusyPollIntervalMs());
        assertEquals(StartingPosition.TRIM_HORIZON, second.getStartingPosition());
        assertFalse(second.isLookAhead());
        assertEquals(4, component.getConfiguration().getParallelism());
        assertEquals("stream-notifier-Returns", second.getApplicationName());
        assertSame(null, component.getConfiguration().getTableName());
    }

    @Test
    void a_bad_option_fails_naming_the_option_the_value_and_what_to_use() {
        assertTrue(failure("ddb-stream:Orders?startingPosition=SOMETIME").contains(
                "startingPosition is 'SOMETIME'; use LATEST, TRIM_HORIZON or AT_TIMESTAMP"));
        assertTrue(failure("ddb-stream:Orders?viewType=BOTH").contains(
                "viewType is 'BOTH'; use KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES"));
        assertTrue(failure("ddb-stream:Orders?batchSize=0").contains(
                "batchSize is 0; DynamoDB Streams returns 1 to 1000"));
        assertTrue(failure("ddb-stream:Orders?batchSize=1001").contains("batchSize is 1001"));
        assertTrue(failure("ddb-stream:Orders?batchSize=many").contains("many"));
        assertTrue(failure("ddb-stream:Orders?failoverTimeMs=1999").contains(
                "failoverTimeMs is 1999; use 2000 or more (leases last half of it)"));
        assertTrue(failure("ddb-stream:Orders?parallelism=0").contains("parallelism is 0; use 1 to 100"));
        assertTrue(failure("ddb-stream:Orders?parallelism=101").contains("parallelism is 101; use 1 to 100"));
        assertTrue(failure("ddb-stream:Orders?busyPollIntervalMs=-1").contains(
                "busyPollIntervalMs is -1; use 0 (off) or more"));
        assertTrue(failure("ddb-stream:Orders?checkpointIntervalMs=-1").contains(
                "checkpointIntervalMs is -1; use 0 or more"));
        assertTrue(failure("ddb-stream:Orders?streamCheckIntervalMs=99").contains(
                "streamCheckIntervalMs is 99; use 100 or more"));
        assertTrue(failure("ddb-stream:Orders?startingTimestamp=yesterday").contains(
                "startingTimestamp 'yesterday' is not an ISO-8601 instant such as 2026-11-25T10:00:00Z"));
        assertTrue(failure("ddb-stream:Orders?batchSzie=10").contains("batchSzie"));
        assertTrue(failure("ddb-stream:Orders?viewType=").contains("viewType is ''; use KEYS_ONLY"));
        String noTable = failure("ddb-stream:?parallelism=2");
        assertTrue(noTable.contains("ddb-stream needs a table name: ddb-stream:TABLE"), noTable);
    }

    @Test
    void at_timestamp_without_a_timestamp_fails_at_start_saying_what_is_missing() {
        DdbStreamEndpoint endpoint = context.getEndpoint("ddb-stream:Orders?startingPosition=AT_TIMESTAMP",
                DdbStreamEndpoint.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, endpoint::notBefore);
        assertEquals("startingPosition AT_TIMESTAMP needs startingTimestamp, an ISO-8601 instant such as "
                + "2026-11-25T10:00:00Z", e.getMessage());
    }
}

package io.streamnotifier.stream.kcl;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code ddb-stream:TABLE?options}: reads a DynamoDB table's stream with the Kinesis Client Library (through
 * Amazon's DynamoDB Streams Kinesis adapter), keeping each shard's position in a lease table so that a restart,
 * a crash or a shard rollover neither loses nor repeats records, and several instances share the shards.
 * <p>
 * The options are those of {@link DdbStreamConfiguration}: set here ({@code camel.component.ddb-stream.*}) they
 * are every endpoint's defaults, which each endpoint's URI may change.
 */
@Component("ddb-stream")
public class DdbStreamComponent extends DefaultComponent {

    @Metadata(description = "The options every endpoint starts from")
    private DdbStreamConfiguration configuration = new DdbStreamConfiguration();
    @Metadata(label = "advanced", autowired = true, description = "The AWS clients the consumers read the stream, "
            + "the table and the lease tables with")
    private StreamClients clients;
    @Metadata(label = "advanced", autowired = true, description = "Where the consumers publish each shard's lag and "
            + "the stream reads that hit trimmed data (default: a registry of their own, not published)")
    private MeterRegistry meterRegistry;
    private volatile boolean readStreams = true;

    public DdbStreamComponent() {
    }

    public DdbStreamComponent(StreamClients clients) {
        this.clients = clients;
    }

    public DdbStreamConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(DdbStreamConfiguration configuration) {
        this.configuration = configuration;
    }

    public StreamClients getClients() {
        return clients;
    }

    public void setClients(StreamClients clients) {
        this.clients = clients;
    }

    public MeterRegistry getMeterRegistry() {
        return meterRegistry;
    }

    public void setMeterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    /**
     * Whether the consumers read their streams. Off for the {@code replay} command, which runs the routes only to
     * hand them dead-lettered records (the routes' processors, through their consumers).
     */
    public void setReadStreams(boolean readStreams) {
        this.readStreams = readStreams;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (meterRegistry == null) {
            meterRegistry = new SimpleMeterRegistry();
        }
    }

    MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    boolean readsStreams() {
        return readStreams;
    }

    StreamClients clients() {
        if (clients == null) {
            throw new IllegalStateException("the ddb-stream component has no AWS clients: bind a StreamClients bean "
                    + "in the registry or set the component's clients");
        }
        return clients;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("ddb-stream needs a table name: ddb-stream:TABLE");
        }
        DdbStreamConfiguration copy = configuration == null ? new DdbStreamConfiguration() : configuration.copy();
        copy.setTableName(remaining);
        DdbStreamEndpoint endpoint = new DdbStreamEndpoint(uri, this, copy);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

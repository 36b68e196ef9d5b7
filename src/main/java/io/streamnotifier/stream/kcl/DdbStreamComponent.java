package io.streamnotifier.stream.kcl;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code ddb-stream:TABLE?options}: reads a DynamoDB table's stream with the Kinesis Client Library (through
 * Amazon's DynamoDB Streams Kinesis adapter), keeping each shard's position in a lease table so that a restart,
 * a crash or a shard rollover neither loses nor repeats records, and several instances share the shards. See
 * {@link DdbStreamEndpoint} for the options.
 */
public class DdbStreamComponent extends DefaultComponent {

    private final StreamClients clients;
    private volatile boolean readStreams = true;
    private MeterRegistry meterRegistry = new SimpleMeterRegistry();

    public DdbStreamComponent(StreamClients clients) {
        this.clients = clients;
    }

    /**
     * Whether the consumers read their streams. Off for the {@code replay} command, which runs the routes only to
     * hand them dead-lettered records ({@link DdbStreamConsumer#replay}).
     */
    public void setReadStreams(boolean readStreams) {
        this.readStreams = readStreams;
    }

    /** Where the consumers publish each shard's lag and the stream reads that hit trimmed data. */
    public void setMeterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    boolean readsStreams() {
        return readStreams;
    }

    StreamClients clients() {
        return clients;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("ddb-stream needs a table name: ddb-stream:TABLE");
        }
        DdbStreamEndpoint endpoint = new DdbStreamEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

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
    private int parallelism = 1;
    private long busyPollIntervalMs = 50;
    private long busyPeriodMs = 1000;
    private long checkpointIntervalMs = 1000;

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

    /**
     * The endpoints' default {@code parallelism} ({@code camel.component.ddb-stream.parallelism}): most records of
     * one shard routed at the same time.
     */
    public void setParallelism(int parallelism) {
        if (parallelism < 1 || parallelism > 100) {
            throw new IllegalArgumentException("parallelism is " + parallelism + "; use 1 to 100");
        }
        this.parallelism = parallelism;
    }

    public int getParallelism() {
        return parallelism;
    }

    /**
     * The endpoints' default {@code busyPollIntervalMs} ({@code camel.component.ddb-stream.busy-poll-interval-ms}):
     * how often a busy shard is read (0: every poll interval, busy or not).
     */
    public void setBusyPollIntervalMs(long busyPollIntervalMs) {
        this.busyPollIntervalMs = busyPollIntervalMs;
    }

    public long getBusyPollIntervalMs() {
        return busyPollIntervalMs;
    }

    /** The endpoints' default {@code busyPeriodMs}: how long after a read with records a shard counts as busy. */
    public void setBusyPeriodMs(long busyPeriodMs) {
        this.busyPeriodMs = busyPeriodMs;
    }

    public long getBusyPeriodMs() {
        return busyPeriodMs;
    }

    /**
     * The endpoints' default {@code checkpointIntervalMs}: a shard's position is saved at most this often (0: after
     * every batch).
     */
    public void setCheckpointIntervalMs(long checkpointIntervalMs) {
        this.checkpointIntervalMs = checkpointIntervalMs;
    }

    public long getCheckpointIntervalMs() {
        return checkpointIntervalMs;
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
        endpoint.setParallelism(parallelism);
        endpoint.setBusyPollIntervalMs(busyPollIntervalMs);
        endpoint.setBusyPeriodMs(busyPeriodMs);
        endpoint.setCheckpointIntervalMs(checkpointIntervalMs);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

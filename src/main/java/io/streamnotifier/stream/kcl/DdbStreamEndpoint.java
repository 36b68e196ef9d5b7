package io.streamnotifier.stream.kcl;

import java.time.Instant;

import io.streamnotifier.stream.StreamViewTypes;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import software.amazon.kinesis.common.InitialPositionInStream;

/**
 * Reads a DynamoDB table's stream with the Kinesis Client Library, each shard's position kept in a lease table.
 * <p>
 * {@code ddb-stream:TABLE?options}, the options in {@link DdbStreamConfiguration}. Each exchange's body is one SDK
 * v2 {@link software.amazon.awssdk.services.dynamodb.model.Record}, with the headers of {@link DdbStreamConstants}.
 * A batch is checkpointed only after every exchange of it has completed.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "ddb-stream", title = "DynamoDB Stream (KCL)",
             syntax = "ddb-stream:tableName", consumerOnly = true, category = {Category.CLOUD},
             headersClass = DdbStreamConstants.class)
public class DdbStreamEndpoint extends DefaultEndpoint {

    @UriParam
    private final DdbStreamConfiguration configuration;

    DdbStreamEndpoint(String uri, DdbStreamComponent component, DdbStreamConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public DdbStreamComponent getComponent() {
        return (DdbStreamComponent) super.getComponent();
    }

    /** This endpoint's options: the component's, changed by the endpoint URI's. */
    public DdbStreamConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("ddb-stream only reads: use it in from:");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DdbStreamConsumer consumer = new DdbStreamConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** Checks the table's stream view type against the {@code viewType} option (see {@link StreamViewTypes}). */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // the replay command reads no stream: it needs no view type, nor DescribeTable (nor credentials, when the
        // class-data archive is made from a replay --dry-run at build time)
        if (configuration.getViewType() != null && getComponent().readsStreams()) {
            StreamViewTypes.check(getComponent().clients().dynamo(), getTableName(),
                    configuration.getViewType().name());
        }
    }

    // The consumer, the status page and the logs read the options through these.

    public String getTableName() {
        return configuration.getTableName();
    }

    public String getApplicationName() {
        return configuration.getApplicationName();
    }

    public String getLeaseTable() {
        return configuration.getLeaseTable();
    }

    public String getWorkerId() {
        return configuration.getWorkerId();
    }

    public int getBatchSize() {
        return configuration.getBatchSize();
    }

    public long getPollIntervalMs() {
        return configuration.getPollIntervalMs();
    }

    public long getBusyPollIntervalMs() {
        return configuration.getBusyPollIntervalMs();
    }

    public long getBusyPeriodMs() {
        return configuration.getBusyPeriodMs();
    }

    public long getCheckpointIntervalMs() {
        return configuration.getCheckpointIntervalMs();
    }

    public int getParallelism() {
        return configuration.getParallelism();
    }

    public boolean isLookAhead() {
        return configuration.isLookAhead();
    }

    public long getFailoverTimeMs() {
        return configuration.getFailoverTimeMs();
    }

    public long getStreamCheckIntervalMs() {
        return configuration.getStreamCheckIntervalMs();
    }

    public long getShutdownTimeoutMs() {
        return configuration.getShutdownTimeoutMs();
    }

    /**
     * The KCL's initial position. The DynamoDB Streams adapter offers only LATEST and TRIM_HORIZON, so AT_TIMESTAMP
     * reads from TRIM_HORIZON and the consumer skips the records created before {@link #notBefore()}.
     */
    InitialPositionInStream initialPosition() {
        return configuration.getStartingPosition() == StartingPosition.LATEST
                ? InitialPositionInStream.LATEST : InitialPositionInStream.TRIM_HORIZON;
    }

    /** With AT_TIMESTAMP, the instant before which records are skipped; otherwise null. */
    Instant notBefore() {
        return configuration.notBefore();
    }

    /**
     * How long a lease lives without renewal (the KCL's failoverTimeMillis): half the failover time, leaving the
     * other half to notice it (a lease-table scan every tenth), take it and start reading (the KCL's lease discovery
     * every tenth).
     */
    long leaseDurationMs() {
        return configuration.getFailoverTimeMs() / 2;
    }

    /** How often the lease table is scanned for abandoned leases, and the KCL looks for leases assigned to it. */
    long leaseScanIntervalMs() {
        return Math.max(200, configuration.getFailoverTimeMs() / 10);
    }
}

package io.streamnotifier.stream.kcl;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/**
 * Builds the KCL scheduler of one stream with the endpoint's options. KCL 3's defaults are tuned for long-lived
 * fleets (lease assignment every 20 s, worker metrics every 30 s, a 1 s scheduler loop, a parent shard polled every
 * 10 s); the settings here keep a start, a restart, a take-over and a shard rollover within seconds.
 */
final class KclSchedulers {

    private KclSchedulers() {
    }

    /**
     * A scheduler reading {@code trackedArn} (the ARN as the KCL is to see it) through {@code adapter}, whose shards
     * have no lease yet starting at {@code position}; each shard's reader comes from {@code processors}.
     */
    static Scheduler create(DdbStreamEndpoint endpoint, StreamClients clients,
            AmazonDynamoDBStreamsAdapterClient adapter, String trackedArn, InitialPositionInStream position,
            ShardRecordProcessorFactory processors) {
        ConfigsBuilder configs = new ConfigsBuilder(
                StreamsSchedulerFactory.createSingleStreamTracker(trackedArn,
                        InitialPositionInStreamExtended.newInitialPosition(position)),
                endpoint.getApplicationName(), adapter, clients.dynamoAsync(), clients.cloudWatch(),
                endpoint.getWorkerId(), processors)
                .tableName(endpoint.getLeaseTable());

        // the KCL looks for leases assigned to this worker every half assignment interval: every scan interval
        LeaseManagementConfig leases = configs.leaseManagementConfig()
                .failoverTimeMillis(endpoint.leaseDurationMs())
                .leaseAssignmentIntervalMillis(2 * endpoint.leaseScanIntervalMs());
        leases.workerUtilizationAwareAssignmentConfig()
                .workerMetricsReporterFreqInMillis(Math.max(1000, endpoint.getFailoverTimeMs() / 3))
                .inMemoryWorkerMetricsCaptureFrequencyMillis(250);
        DynamoDBStreamsPollingConfig polling = new DynamoDBStreamsPollingConfig(adapter);
        polling.maxRecords(endpoint.getBatchSize());
        polling.idleTimeBetweenReadsInMillis(endpoint.getPollIntervalMs());

        Scheduler scheduler = StreamsSchedulerFactory.createScheduler(
                configs.checkpointConfig(),
                // a child shard waits for its parent to be finished; KCL checks every 10 s by default, which
                // delayed the first records after a shard rollover by up to 10 s
                configs.coordinatorConfig().shardConsumerDispatchPollIntervalMillis(200)
                        .parentShardPollIntervalMillis(500),
                leases,
                configs.lifecycleConfig(),
                configs.metricsConfig().metricsLevel(MetricsLevel.NONE).metricsFactory(new NullMetricsFactory()),
                // empty reads too: a checkpoint held back by checkpointIntervalMs is written on the next read
                configs.processorConfig().callProcessRecordsEvenForEmptyRecordList(true),
                configs.retrievalConfig().retrievalSpecificConfig(polling),
                adapter);
        // after createScheduler, which sets the adapter's own controller (it doubles the wait after an empty read)
        polling.sleepTimeController(new PollCadence(endpoint.getBatchSize(), endpoint.getBusyPollIntervalMs(),
                endpoint.getBusyPeriodMs(), java.time.Clock.systemUTC()));
        return scheduler;
    }
}

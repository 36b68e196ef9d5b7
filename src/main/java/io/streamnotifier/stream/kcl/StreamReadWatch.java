package io.streamnotifier.stream.kcl;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Counts and logs the stream reads that hit trimmed data or an expired iterator, then lets the error go on to the
 * DynamoDB Streams adapter, which handles both: for trimmed data it starts again at the oldest record still in the
 * stream (the records in between are gone: DynamoDB keeps them 24 hours), for an expired iterator the KCL asks for
 * a new one at its position.
 */
final class StreamReadWatch implements DynamoDbStreamsClient {

    private static final Logger LOG = LoggerFactory.getLogger(StreamReadWatch.class);

    private final DynamoDbStreamsClient streams;
    private final String table;
    private final AtomicLong trimmed;
    private final AtomicLong expired;
    private volatile long lastWarn;
    /** Set once its reader stops: the KCL's last reads, while it winds down unwaited, are neither logged nor counted. */
    private volatile boolean stopped;

    /** Counts into {@code trimmed} and {@code expired}, which outlive this client (the consumer owns them). */
    StreamReadWatch(DynamoDbStreamsClient streams, String table, AtomicLong trimmed, AtomicLong expired) {
        this.streams = streams;
        this.table = table;
        this.trimmed = trimmed;
        this.expired = expired;
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
        try {
            return streams.getShardIterator(request);
        } catch (TrimmedDataAccessException e) {
            throw trimmed(e, request.shardId(), request.shardIteratorTypeAsString());
        }
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
        try {
            return streams.getRecords(request);
        } catch (TrimmedDataAccessException e) {
            throw trimmed(e, "(from its iterator)", "GetRecords");
        } catch (ExpiredIteratorException e) {
            if (stopped) {
                throw e;
            }
            expired.incrementAndGet();
            LOG.debug("a shard iterator of table {} expired; the KCL asks for a new one at its position", table);
            throw e;
        }
    }

    /** The reader stopped: what this client still reads belongs to no running reader. */
    void stopWatching() {
        stopped = true;
    }

    private TrimmedDataAccessException trimmed(TrimmedDataAccessException e, String shardId, String reading) {
        if (stopped) {
            return e;
        }
        long count = trimmed.incrementAndGet();
        long now = System.nanoTime();
        // one WARN a minute at most: the adapter may try again several times a second
        if (lastWarn == 0 || now - lastWarn > TimeUnit.MINUTES.toNanos(1)) {
            lastWarn = now;
            LOG.warn("table {} shard {}: the position to read from ({}) is older than the stream keeps (24 hours); "
                    + "the records before the oldest one still in the stream were trimmed by DynamoDB and cannot be "
                    + "notified; reading on from the oldest record ({} trimmed read(s) so far)", table, shardId,
                    reading, count);
        } else {
            LOG.debug("table {}: trimmed read {}", table, count);
        }
        return e;
    }

    @Override
    public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
        return streams.describeStream(request);
    }

    @Override
    public ListStreamsResponse listStreams(ListStreamsRequest request) {
        return streams.listStreams(request);
    }

    @Override
    public String serviceName() {
        return streams.serviceName();
    }

    @Override
    public void close() {
        streams.close();
    }
}

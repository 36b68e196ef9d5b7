package io.streamnotifier.stream.kcl;

import java.util.stream.Collectors;

import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * For DynamoDB Local only: its stream ARNs name the region {@code ddblocal}, which the DynamoDB Streams Kinesis
 * adapter rejects. This client shows the KCL the same ARNs with the configured region and translates them back on
 * the way to DynamoDB Local. Shard iterators are opaque and pass through. Real AWS ARNs are never touched.
 */
final class LocalStreamArns implements DynamoDbStreamsClient {

    private static final String LOCAL = "arn:aws:dynamodb:ddblocal:";

    private final DynamoDbStreamsClient local;
    private final String shown;

    LocalStreamArns(DynamoDbStreamsClient local, String region) {
        this.local = local;
        this.shown = "arn:aws:dynamodb:" + region + ":";
    }

    static boolean isLocal(String streamArn) {
        return streamArn != null && streamArn.startsWith(LOCAL);
    }

    String shown(String arn) {
        return isLocal(arn) ? shown + arn.substring(LOCAL.length()) : arn;
    }

    private String local(String arn) {
        return arn != null && arn.startsWith(shown) ? LOCAL + arn.substring(shown.length()) : arn;
    }

    @Override
    public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
        DescribeStreamResponse response = local.describeStream(
                request.toBuilder().streamArn(local(request.streamArn())).build());
        if (response.streamDescription() == null) {
            return response;
        }
        return response.toBuilder().streamDescription(response.streamDescription().toBuilder()
                .streamArn(shown(response.streamDescription().streamArn())).build()).build();
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
        return local.getShardIterator(request.toBuilder().streamArn(local(request.streamArn())).build());
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
        return local.getRecords(request);
    }

    @Override
    public ListStreamsResponse listStreams(ListStreamsRequest request) {
        ListStreamsResponse response = local.listStreams(request.toBuilder()
                .exclusiveStartStreamArn(local(request.exclusiveStartStreamArn())).build());
        return response.toBuilder()
                .streams(response.streams().stream().map(s -> s.toBuilder().streamArn(shown(s.streamArn())).build())
                        .collect(Collectors.toList()))
                .lastEvaluatedStreamArn(shown(response.lastEvaluatedStreamArn()))
                .build();
    }

    @Override
    public String serviceName() {
        return local.serviceName();
    }

    @Override
    public void close() {
        local.close();
    }
}

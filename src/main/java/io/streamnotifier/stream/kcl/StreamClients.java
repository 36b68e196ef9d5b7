package io.streamnotifier.stream.kcl;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The AWS clients a stream consumer needs: the stream itself, DynamoDB for the table and the KCL's lease tables
 * (sync for this service, async for the KCL), and CloudWatch, which the KCL requires but this service never uses
 * (its metrics are off).
 */
public record StreamClients(
        Region region,
        DynamoDbStreamsClient streams,
        DynamoDbClient dynamo,
        DynamoDbAsyncClient dynamoAsync,
        CloudWatchAsyncClient cloudWatch) {
}

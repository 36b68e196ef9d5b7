package io.streamnotifier.config;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The AWS clients of the service: the region, the default credentials chain (never a key in a file), and an
 * endpoint override where one is set (an empty endpoint is the real AWS endpoint of the region).
 */
public final class AwsClients {

    private final AwsSettings settings;

    public AwsClients(AwsSettings settings) {
        this.settings = settings;
    }

    public Region region() {
        return Region.of(settings.region());
    }

    /**
     * Region, the default credentials chain, the SDK's Apache 5 HTTP client (its default synchronous client since SDK
     * 2.46; the Apache 4 one is deprecated), and the endpoint override if one is set.
     */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B sync(B builder, String endpoint) {
        builder.region(region())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(Apache5HttpClient.builder());
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    /** DynamoDB (lease tables, send-once table, the check's look at the tables). */
    public DynamoDbClient dynamoDb() {
        return sync(DynamoDbClient.builder(), settings.dynamoDbEndpoint()).build();
    }

    public DynamoDbStreamsClient dynamoDbStreams() {
        return sync(DynamoDbStreamsClient.builder(), settings.dynamoDbStreamsEndpoint())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    /** The KCL's own DynamoDB client, which is asynchronous. */
    public DynamoDbAsyncClient dynamoDbAsync() {
        return async(DynamoDbAsyncClient.builder(), settings.dynamoDbEndpoint()).build();
    }

    /** Required by the KCL but never called (its metrics are off); at the DynamoDB endpoint when one is set. */
    public CloudWatchAsyncClient cloudWatch() {
        return async(CloudWatchAsyncClient.builder(), settings.dynamoDbEndpoint()).build();
    }

    /** As {@link #sync}, with the SDK's Netty client: the KCL's clients are asynchronous. */
    private <B extends AwsClientBuilder<B, ?> & AwsAsyncClientBuilder<B, ?>> B async(B builder, String endpoint) {
        builder.region(region())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder());
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }
}

package io.streamnotifier.config;

import java.util.List;

/**
 * The AWS clients' region and the DynamoDB endpoints (stream reader, lease tables, send-once table); an empty
 * endpoint is the real AWS endpoint of the region.
 */
public record AwsSettings(String region, String dynamoDbStreamsEndpoint, String dynamoDbEndpoint) {

    public static final Setting REGION = Setting.of("notifier.aws.region", "AWS_REGION", "us-east-1",
            "region of the stream, SES and SQS clients");

    public static final Setting DYNAMODB_STREAMS_ENDPOINT = Setting.of("notifier.dynamodb-streams.endpoint",
            "NOTIFIER_DYNAMODB_STREAMS_ENDPOINT", "",
            "endpoint override, e.g. DynamoDB Local; empty: AWS");

    public static final Setting DYNAMODB_ENDPOINT = Setting.of("notifier.dynamodb.endpoint",
            "NOTIFIER_DYNAMODB_ENDPOINT", "{{notifier.dynamodb-streams.endpoint}}",
            "DynamoDB endpoint override for the send-once table");

    /** The keys of this area, in the order of application.properties. */
    public static final List<Setting> ALL = List.of(REGION, DYNAMODB_STREAMS_ENDPOINT, DYNAMODB_ENDPOINT);


    public static AwsSettings from(SettingValues values) {
        return new AwsSettings(REGION.string(values), DYNAMODB_STREAMS_ENDPOINT.string(values),
                DYNAMODB_ENDPOINT.string(values));
    }
}

package io.streamnotifier.ses;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;

/**
 * The SES API v2 client of the {@code ses-v2} endpoint and the check command.
 * <p>
 * It does not retry by itself: the dead-letter channel's redelivery policy is the one place that decides how often
 * and how late a send is tried again, and the attempts it counts are the real ones. One call may take
 * {@code timeoutMs} in all (connecting at most 5 s of it). It runs on the SDK's Apache 5 HTTP client, as the
 * service's other synchronous AWS clients do ({@code AwsClients}).
 */
public final class SesClients {

    private SesClients() {
    }

    /**
     * @param region    the AWS region
     * @param endpoint  an endpoint override (the SES emulator), or blank for AWS
     * @param timeoutMs the longest one call may take
     */
    public static SesV2Client v2(String region, String endpoint, long timeoutMs) {
        SesV2ClientBuilder builder = SesV2Client.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(Math.min(timeoutMs, 5000)))
                        .socketTimeout(Duration.ofMillis(timeoutMs)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofMillis(timeoutMs))
                        .build());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}

package io.streamnotifier.config;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.stream.StreamReaders;
import io.streamnotifier.stream.kcl.DdbStreamComponent;
import io.streamnotifier.stream.kcl.StreamClients;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The stream reader ({@code ddb-stream:}) with its AWS clients, and DynamoDB for the {@code check} command. */
@Configuration
public class StreamConfiguration extends AreaConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        // more than two routes reading one table's stream get throttled by DynamoDB: say so at start
        camelContext.addStartupListener((context, alreadyStarted) -> StreamReaders.warnIfCrowded(context));
        build(camelContext, "ddb-stream");
    }

    /**
     * The {@code ddb-stream:} component (the KCL-based stream reader) with its clients. The KCL's own DynamoDB
     * client is asynchronous; CloudWatch is required by the KCL but never called (its metrics are off).
     */
    @BindToRegistry(value = "ddb-stream", lazy = true)
    public DdbStreamComponent ddbStream(@BeanInject("meterRegistry") PrometheusMeterRegistry meterRegistry) {
        AwsClients aws = aws();
        DdbStreamComponent component = new DdbStreamComponent(new StreamClients(aws.region(), aws.dynamoDbStreams(),
                aws.dynamoDb(), aws.dynamoDbAsync(), aws.cloudWatch()));
        component.setMeterRegistry(meterRegistry);
        return withContext(component);
    }

    /** DynamoDB for the {@code check} command's look at the tables (the stream reader has clients of its own). */
    @BindToRegistry("dynamoDbClient")
    public DynamoDbClient dynamoDbClient() {
        return aws().dynamoDb();
    }

    private AwsClients aws() {
        return new AwsClients(AwsSettings.from(values()));
    }
}

package io.streamnotifier.it;

import java.util.Map;

import io.streamnotifier.it.support.LocalServers;
import io.streamnotifier.stream.StreamRoutes;
import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import org.apache.camel.CamelContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Makes a route read its stream again from the start, as after a crash that lost its saved position: the route's
 * stream reader (the route of its notifier-ddb-stream-source Kamelet) is stopped, every unfinished lease of its
 * lease table is set back to TRIM_HORIZON, and the reader is started again.
 */
final class StreamRewind {

    private StreamRewind() {
    }

    static void rereadFromStart(CamelContext context, String route, String leaseTable) throws Exception {
        DdbStreamConsumer consumer = java.util.Objects.requireNonNull(StreamRoutes.consumerOf(context, route),
                "no stream reader for " + route);
        String reader = consumer.getRouteId();
        context.getRouteController().stopRoute(reader);
        try (DynamoDbClient dynamo = OrdersTable.client(LocalServers.dynamoDbEndpoint())) {
            for (Map<String, AttributeValue> lease : dynamo.scan(b -> b.tableName(leaseTable).consistentRead(true))
                    .items()) {
                AttributeValue checkpoint = lease.get("checkpoint");
                if (checkpoint != null && !"SHARD_END".equals(checkpoint.s())) {
                    dynamo.updateItem(b -> b.tableName(leaseTable).key(Map.of("leaseKey", lease.get("leaseKey")))
                            .updateExpression("SET checkpoint = :start, checkpointSubSequenceNumber = :zero")
                            .expressionAttributeValues(Map.of(":start", AttributeValue.fromS("TRIM_HORIZON"),
                                    ":zero", AttributeValue.fromN("0"))));
                }
            }
        }
        context.getRouteController().startRoute(reader);
    }
}

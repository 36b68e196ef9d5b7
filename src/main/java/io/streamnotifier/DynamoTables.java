package io.streamnotifier;

import java.time.Duration;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The service's own DynamoDB tables (send-once, delivery status, suppression), created at start when missing. */
public final class DynamoTables {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoTables.class);

    private DynamoTables() {
    }

    /**
     * Creates {@code table} as {@code definition} describes it (name and the request's other fields) unless it exists,
     * and waits until it is active. True when this call created it; false when it existed or another instance created
     * it meanwhile (that instance finishes its set-up).
     */
    public static boolean createIfMissing(DynamoDbClient dynamo, String table, String what,
            Consumer<CreateTableRequest.Builder> definition) {
        try {
            dynamo.describeTable(b -> b.tableName(table));
            return false;
        } catch (ResourceNotFoundException e) {
            LOG.info("creating the {} table {}", what, table);
        }
        try {
            dynamo.createTable(b -> definition.accept(b.tableName(table)));
        } catch (ResourceInUseException e) {
            return false;
        }
        // the SDK's waiter asks every 20 s; a new table is ready within seconds: ask every half second, for 2 minutes
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table), w -> w.maxAttempts(240)
                .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(500))));
        return true;
    }
}

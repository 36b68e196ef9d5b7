package io.streamnotifier.localstack;

import java.lang.reflect.Constructor;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.monitoring.Telemetry;
import com.amazonaws.services.dynamodbv2.local.monitoring.TelemetryUtil;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local's server, started as its {@code ServerRunner} does (same command-line options), with its test
 * control switched on: a PutItem to the table {@code [TEST_CONTROL]} with the item {@code {"ACTION": {"S":
 * "ROLLOVER"}}} closes every stream's open shard and opens a child shard, as DynamoDB does every few hours. The
 * integration tests use it to roll shards over while the service reads; the demo runs the plain server.
 * <p>
 * DynamoDB Local has no command-line option for this: the request handler's constructor that takes the switch is
 * package-private, so it is called reflectively. Only for the local stack, never in the service.
 */
public final class DynamoDbLocalTestControl {

    private DynamoDbLocalTestControl() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineInput input = new CommandLineInput(args);
        if (!input.init()) {
            return; // -help or -version: printed by init()
        }
        Telemetry.configureTelemetry(TelemetryUtil.SETUP_TYPE.MAVEN.name(), ServerRunner.getSetupMode(input),
                TelemetryUtil.isTelemetryEnabled(input.isDisableTelemetry()));
        Constructor<LocalDynamoDBRequestHandler> withTestControl = LocalDynamoDBRequestHandler.class
                .getDeclaredConstructor(int.class, boolean.class, String.class, boolean.class, boolean.class,
                        boolean.class);
        withTestControl.setAccessible(true);
        LocalDynamoDBRequestHandler handler = withTestControl.newInstance(0, input.isInMemory(), input.getDbPath(),
                input.getSharedDb(), input.shouldDelayTransientStatuses(), true);
        DynamoDBProxyServer server = new DynamoDBProxyServer(input.getPort(),
                new LocalDynamoDBServerHandler(handler, input.getCorsParams()));
        server.start();
        System.out.println("DynamoDB Local with test control (shard rollovers on request) on port " + input.getPort());
        server.join();
    }
}

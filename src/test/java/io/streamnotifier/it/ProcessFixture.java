package io.streamnotifier.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

import io.streamnotifier.it.support.LocalStackSettings;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * What a test of the packaged service as a process starts from: a table of its own in DynamoDB Local (named after
 * the test, with a stream), the lease table the service keeps for it, and the service processes that read it, each
 * in its own directory under {@code target/it-data/TABLE/}, configured by {@link LocalStackSettings}.
 */
public final class ProcessFixture {

    private final String table;
    private final OrdersTable orders;

    private ProcessFixture(String table, OrdersTable orders) {
        this.table = table;
        this.orders = orders;
    }

    /** A new table {@code PREFIX-xxxxxxxx} with a NEW_AND_OLD_IMAGES stream. */
    public static ProcessFixture create(String prefix) {
        String table = uniqueName(prefix);
        return new ProcessFixture(table, OrdersTable.create(table));
    }

    /** A new table {@code PREFIX-xxxxxxxx} with a stream of the given view type. */
    public static ProcessFixture create(String prefix, StreamViewType viewType) {
        String table = uniqueName(prefix);
        return new ProcessFixture(table, OrdersTable.create(table, viewType));
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String table() {
        return table;
    }

    public OrdersTable orders() {
        return orders;
    }

    /** The lease table the services are given ({@code NOTIFIER_LEASE_TABLE}). */
    public String leaseTable() {
        return LocalStackSettings.leaseTable(table);
    }

    /** This table's directory: each service process gets one inside it. */
    public Path dir() {
        return Path.of("target", "it-data", table);
    }

    /** The service process in {@link #appDir()} (not started); a second call lays out the same directory again. */
    public ServiceProcess service() throws IOException {
        return service("app");
    }

    /** The directory of {@link #service()}, which holds its log once it ran. */
    public Path appDir() {
        return dir().resolve("app");
    }

    /** A service process in a directory of its own, {@code name/} (not started). */
    public ServiceProcess service(String name) throws IOException {
        return new ServiceProcess(dir().resolve(name), table);
    }

    /** One of several instances: a service process in {@code name/} with its own worker id (not started). */
    public ServiceProcess instance(String name, String workerId) throws IOException {
        return service(name).env("NOTIFIER_WORKER_ID", workerId);
    }

    /** The packaged jar alone in {@code dir}, which must be empty (not started). */
    public ServiceProcess jarAlone(Path dir) throws IOException {
        return ServiceProcess.jarAlone(dir, table);
    }
}

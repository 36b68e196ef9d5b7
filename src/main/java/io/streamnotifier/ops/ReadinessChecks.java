package io.streamnotifier.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.streamnotifier.ses.SesCircuit;
import io.streamnotifier.stream.StreamRoutes;
import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** The service's readiness checks, registered in Camel's health-check registry next to Camel's own. */
public final class ReadinessChecks {

    private ReadinessChecks() {
    }

    /**
     * Each route that reads a stream runs its KCL scheduler and holds at least one shard; an instance that holds
     * none for longer than two failover times is a standby (another instance reads every shard) and is ready too.
     */
    public static final class Streams extends AbstractHealthCheck {

        private final Duration standbyAfter;

        public Streams(Duration failoverTime) {
            super("notifier", "stream-readers");
            this.standbyAfter = failoverTime.multipliedBy(2);
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            boolean ready = true;
            for (Route route : getCamelContext().getRoutes()) {
                if (route.getConsumer() instanceof DdbStreamConsumer consumer) {
                    Instant since = consumer.readingSince();
                    Map<String, Long> shards = consumer.shards();
                    // a notification reading through the stream-source Kamelet is named, not the Kamelet's route
                    String parent = StreamRoutes.parentRouteId(getCamelContext(), route);
                    String name = parent == null ? route.getRouteId() : parent;
                    builder.detail(name + ".shards", shards.keySet());
                    boolean standby = since != null && shards.isEmpty()
                            && Duration.between(since, Instant.now()).compareTo(standbyAfter) > 0;
                    if (since == null || (shards.isEmpty() && !standby)) {
                        ready = false;
                        builder.message(name + (since == null ? ": not reading its stream"
                                : ": holds no shard yet"));
                    }
                }
            }
            if (ready) {
                builder.up();
            } else {
                builder.down();
            }
        }
    }

    /** SES can be sent to: the circuit is closed. Down with the reason while SES refuses every send. */
    public static final class Ses extends AbstractHealthCheck {

        private final SesCircuit circuit;

        public Ses(SesCircuit circuit) {
            super("notifier", "ses");
            this.circuit = circuit;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (circuit.isOpen()) {
                // per route: how long it has held its record (its stream not read meanwhile)
                StringBuilder message = new StringBuilder(circuit.reason());
                java.time.Instant now = java.time.Instant.now();
                circuit.held().forEach((route, since) -> {
                    long seconds = java.time.Duration.between(since, now).toSeconds();
                    builder.detail(route + ".heldSeconds", seconds);
                    message.append("; route ").append(route).append(" held for ").append(seconds).append(" s");
                });
                builder.message(message.toString()).detail("openSince", String.valueOf(circuit.openSince())).down();
            } else {
                builder.up();
            }
        }
    }
}

package io.streamnotifier.stream;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB advises no more than two readers per stream shard (more are throttled), and every route that reads a
 * table's stream is one reader of each of its shards, however many instances share the work. At start, a table read
 * by more routes than that is named in a WARN line, with the routes and the way out (one route for several event
 * types, examples/routes/order-lifecycle.camel.yaml).
 */
public final class StreamReaders {

    private static final Logger LOG = LoggerFactory.getLogger(StreamReaders.class);

    /** DynamoDB's guidance: at most this many readers of one shard at a time. */
    public static final int MAX_READERS_PER_SHARD = 2;

    private StreamReaders() {
    }

    /** The routes (notification names) reading each table's stream in this service. */
    public static Map<String, List<String>> routesByTable(CamelContext context) {
        Map<String, List<String>> byTable = new TreeMap<>();
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof DdbStreamConsumer consumer) {
                String parent = StreamRoutes.parentRouteId(context, route);
                byTable.computeIfAbsent(consumer.getEndpoint().getTableName(), t -> new java.util.ArrayList<>())
                        .add(parent == null ? route.getRouteId() : parent);
            }
        }
        return byTable;
    }

    /** The tables read by more routes than DynamoDB advises, with their routes. */
    public static Map<String, List<String>> crowded(Map<String, List<String>> routesByTable) {
        return routesByTable.entrySet().stream()
                .filter(e -> e.getValue().size() > MAX_READERS_PER_SHARD)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** Logs one WARN line per table with too many readers. */
    public static void warnIfCrowded(CamelContext context) {
        crowded(routesByTable(context)).forEach((table, routes) -> LOG.warn("the stream of table {} is read by {} "
                + "routes {}: DynamoDB throttles more than {} readers per shard; let one route handle several event "
                + "types (examples/routes/order-lifecycle.camel.yaml)", table, routes.size(), routes,
                MAX_READERS_PER_SHARD));
    }
}

package io.streamnotifier.stream;

import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import io.streamnotifier.stream.kcl.KameletRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * The routes and their stream readers: a route that reads through the {@code notifier-ddb-stream-source} Kamelet
 * runs as the Kamelet's route, whose parent is the route the operator named. Replay, render, the ops pages and the
 * send-once step name the operator's route.
 */
public final class StreamRoutes {

    private StreamRoutes() {
    }

    /**
     * The stream reader that feeds a route: the route's own consumer, or, for a route that reads through the
     * {@code notifier-ddb-stream-source} Kamelet, the consumer of the Kamelet's route whose parent it is.
     */
    public static DdbStreamConsumer consumerOf(CamelContext context, String routeId) {
        Route route = context.getRoute(routeId);
        if (route != null && route.getConsumer() instanceof DdbStreamConsumer consumer) {
            return consumer;
        }
        for (Route candidate : context.getRoutes()) {
            if (candidate.getConsumer() instanceof DdbStreamConsumer consumer
                    && routeId.equals(parentRouteId(context, candidate))) {
                return consumer;
            }
        }
        return null;
    }

    /** The route that uses a Kamelet's route (its template parameter parentRouteId), or null. */
    public static String parentRouteId(CamelContext context, Route route) {
        return KameletRoutes.parentRouteId(context, route);
    }
}

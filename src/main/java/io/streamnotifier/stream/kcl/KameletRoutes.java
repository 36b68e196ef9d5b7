package io.streamnotifier.stream.kcl;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

/** What a Kamelet's route tells of the route that uses it. */
public final class KameletRoutes {

    private KameletRoutes() {
    }

    /** The route that uses a Kamelet's route (its template parameter parentRouteId), or null. */
    public static String parentRouteId(CamelContext context, Route route) {
        if (!route.isCreatedByKamelet()) {
            return null;
        }
        RouteDefinition definition = ((ModelCamelContext) context).getRouteDefinition(route.getRouteId());
        Object parent = definition == null || definition.getTemplateParameters() == null ? null
                : definition.getTemplateParameters().get("parentRouteId");
        return parent == null ? null : parent.toString();
    }
}

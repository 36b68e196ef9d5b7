package com.example.routes;

import org.apache.camel.builder.RouteBuilder;

/** A RouteBuilder outside the service's package, as a user's own jar would bring one (JavaRouteIT loads it). */
public class OutsidePackageRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:outside-package?repeatCount=1").routeId("outside-package").log("a route from com.example.routes");
    }
}

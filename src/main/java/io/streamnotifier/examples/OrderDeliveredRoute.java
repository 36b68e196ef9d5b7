package io.streamnotifier.examples;

import java.util.Map;
import java.util.Objects;

import org.apache.camel.builder.RouteBuilder;

/**
 * Example of a route written in Java instead of YAML: when an order's status changes to DELIVERED, its customer is
 * asked how the record sounds. It composes the same Kamelets as the YAML routes; Java pays off where the logic
 * outgrows a one-line expression (here, {@link #statusChangedTo}, unit-testable without Camel).
 * <p>
 * Not started by default. Camel Main loads the RouteBuilders matched by {@code camel.main.java-routes-include-pattern}
 * ({@code NOTIFIER_JAVA_ROUTES}), e.g. {@code io/streamnotifier/examples/*} for this one, or the package
 * of your own classes on the classpath (docs/notifications.md, "Routes in Java").
 */
public class OrderDeliveredRoute extends RouteBuilder {

    // kamelet: URIs are taken as written (not URL-decoded): RAW(...) holds a value with spaces, ':' or '?'
    static final String SUBJECT = "Pinehead Records: How does it sound?";

    @Override
    public void configure() {
        from("kamelet:notifier-ddb-stream-source?table={{notifier.table}}&eventTypes=MODIFY"
                + "&viewType=NEW_AND_OLD_IMAGES")
                .routeId("order-delivered")
                .routeConfigurationId("dead-letter-channel")
                .filter(exchange -> !statusChangedTo(exchange.getMessage().getBody(Map.class), "DELIVERED"))
                    .id("skip-not-delivered")
                    .bean("counters", "skipped").id("count-not-delivered")
                    .stop().id("stop-not-delivered")
                .end()
                .to("kamelet:notifier-email-render-action?htmlTemplate=order-delivered.ftlh"
                        + "&textTemplate=order-delivered.txt.ftl&subject="
                        + "RAW(" + SUBJECT + ")")
                .to("kamelet:notifier-ses-sink");
    }

    /** Whether the data model's order has {@code status} now (NewImage) and did not before (OldImage). */
    static boolean statusChangedTo(Map<?, ?> model, String status) {
        if (model == null || !(model.get("order") instanceof Map<?, ?> order)) {
            return false;
        }
        Object before = model.get("previous") instanceof Map<?, ?> previous ? previous.get("status") : null;
        return status.equals(order.get("status")) && !Objects.equals(status, before);
    }
}

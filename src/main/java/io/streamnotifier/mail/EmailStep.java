package io.streamnotifier.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.streamnotifier.mail.EmailRender.Spec;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.util.StringHelper;
import org.apache.camel.util.URISupport;

/**
 * One use of the e-mail Kamelet in a route: the route, its item's name in the data model, and what it asks for
 * (templates, subject, locale and currency attributes), read from the route's definition with its placeholders
 * resolved. The start check and {@code render} find the e-mail routes this way.
 */
public record EmailStep(String routeId, String modelName, Spec spec) {

    /** The Kamelet that renders e-mails. */
    public static final String EMAIL_KAMELET = "kamelet:notifier-email-render-action";

    /** Every e-mail step of the context's routes (not those of the Kamelets' own routes), in route order. */
    public static List<EmailStep> of(CamelContext context) {
        List<EmailStep> steps = new ArrayList<>();
        for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
            if (Boolean.TRUE.equals(route.isKamelet()) || route.isCreatedFromTemplate()) {
                continue;
            }
            String from = route.getInput() == null ? "" : route.getInput().getEndpointUri();
            String modelName = param(context, query(from), "modelName", "order");
            collect(context, route.getRouteId(), modelName, route.getOutputs(), steps);
        }
        return steps;
    }

    private static void collect(CamelContext context, String routeId, String modelName,
            List<ProcessorDefinition<?>> outputs, List<EmailStep> steps) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof SendDefinition<?> send && send.getEndpointUri() != null
                    && (send.getEndpointUri().equals(EMAIL_KAMELET)
                            || send.getEndpointUri().startsWith(EMAIL_KAMELET + "?"))) {
                Map<String, Object> q = query(send.getEndpointUri());
                steps.add(new EmailStep(routeId, modelName, new Spec(param(context, q, "htmlTemplate", null),
                        param(context, q, "textTemplate", null), param(context, q, "subjectTemplate", ""),
                        param(context, q, "subject", ""), param(context, q, "localeAttribute", ""),
                        param(context, q, "currencyAttribute", "currency"))));
            }
            if (output instanceof ChoiceDefinition choice) {
                choice.getWhenClauses().forEach(when -> collect(context, routeId, modelName, when.getOutputs(), steps));
                if (choice.getOtherwise() != null) {
                    collect(context, routeId, modelName, choice.getOtherwise().getOutputs(), steps);
                }
            } else if (output.getOutputs() != null && !output.getOutputs().isEmpty()) {
                collect(context, routeId, modelName, output.getOutputs(), steps);
            }
        }
    }

    private static Map<String, Object> query(String uri) {
        String query = uri == null ? null : StringHelper.after(uri, "?");
        if (query == null) {
            return Map.of();
        }
        try {
            Map<String, Object> parameters = URISupport.parseQuery(query, true, true);
            URISupport.resolveRawParameterValues(parameters);
            return parameters;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("cannot read the parameters of " + StringHelper.before(uri, "?"), e);
        }
    }

    private static String param(CamelContext context, Map<String, Object> query, String name, String otherwise) {
        Object value = query.get(name);
        return value == null ? otherwise : context.resolvePropertyPlaceholders(value.toString());
    }
}

package io.streamnotifier.ses.v2;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code ses-v2:NAME?options}: sends the raw MIME message in the body with the SES API v2 (SendEmail, Raw content),
 * with a configuration set and message tags.
 * <p>
 * Why not Camel's {@code aws2-ses}: it calls the SES v1 Query API, whose XML answers were the largest single cost
 * of a send in the service's profile, and it has no v2 calls. SES v2 answers in JSON and is also the API of
 * configuration sets, tags and the account-level suppression list. Options set here
 * ({@code camel.component.ses-v2.*}) are every endpoint's defaults, which each endpoint's URI may change.
 */
@Component("ses-v2")
public class SesV2Component extends DefaultComponent {

    @Metadata(description = "The options every endpoint starts from")
    private SesV2Configuration configuration = new SesV2Configuration();

    public SesV2Configuration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SesV2Configuration configuration) {
        this.configuration = configuration;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("ses-v2 needs a name: ses-v2:NAME (e.g. ses-v2:notifications)");
        }
        SesV2Configuration copy = configuration == null ? new SesV2Configuration() : configuration.copy();
        copy.setName(remaining);
        SesV2Endpoint endpoint = new SesV2Endpoint(uri, this, copy);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

package io.streamnotifier.ses.v2;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Sends the e-mail in the body (a Jakarta Mail message, or the bytes of a MIME message) with the SES API v2's
 * SendEmail, as raw content, with a configuration set and message tags.
 * <p>
 * {@code ses-v2:NAME?options}, the options in {@link SesV2Configuration}, the headers in {@link SesV2Constants}.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "ses-v2", title = "Amazon SES API v2 (raw e-mail)",
             syntax = "ses-v2:name", producerOnly = true, category = {Category.CLOUD, Category.MAIL},
             headersClass = SesV2Constants.class)
public class SesV2Endpoint extends DefaultEndpoint {

    @UriParam
    private final SesV2Configuration configuration;

    SesV2Endpoint(String uri, SesV2Component component, SesV2Configuration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    /** This endpoint's options: the component's, changed by the endpoint URI's. */
    public SesV2Configuration getConfiguration() {
        return configuration;
    }

    @Override
    public Producer createProducer() {
        return new SesV2Producer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ses-v2 only sends: use it in to:");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (configuration.getSesClient() == null) {
            throw new IllegalStateException("the ses-v2 endpoint " + configuration.getName() + " has no SES client: "
                    + "bind one SesV2Client in the registry or set the sesClient option");
        }
    }
}

package io.streamnotifier.ses.v2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The options of {@code ses-v2:NAME}: the component holds one instance ({@code camel.component.ses-v2.*}) and each
 * endpoint gets a {@link #copy()}, which its URI parameters then change. The headers of {@link SesV2Constants}
 * override the options for one message.
 */
@UriParams
public class SesV2Configuration implements Cloneable {

    /** What SES accepts as a message tag's name or value. */
    static final Pattern TAG_TEXT = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    @UriPath(label = "producer", description = "A name for the endpoint (it only tells endpoints apart)")
    @Metadata(required = true)
    private String name;
    @UriParam(label = "producer", description = "The From address when the message has no CamelAwsSesFrom header "
            + "(SendEmail's FromEmailAddress); neither: SES takes the From header of the raw message")
    private String from;
    @UriParam(label = "producer", description = "The recipients, comma-separated, when the message has no "
            + "CamelAwsSesTo header; neither: SES takes the To, Cc and Bcc headers of the raw message")
    private String to;
    @UriParam(label = "producer", description = "The SES configuration set to send with (its event destinations "
            + "receive the e-mail's events), when the message has no CamelAwsSesConfigurationSet header")
    private String configurationSet;
    @UriParam(label = "producer", description = "Message tags of every e-mail, as name=value pairs separated by "
            + "commas; names and values of 1 to 256 of A-Z a-z 0-9 _ - (SES's rule). A CamelAwsSesTags header adds "
            + "its own, and wins on a name in both")
    private String tags;
    @UriParam(label = "advanced", description = "The SES API v2 client (default: the one SesV2Client in the "
            + "registry)")
    @Metadata(autowired = true)
    private SesV2Client sesClient;

    private Map<String, String> parsedTags = Map.of();

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getConfigurationSet() {
        return configurationSet;
    }

    public void setConfigurationSet(String configurationSet) {
        this.configurationSet = configurationSet;
    }

    public String getTags() {
        return tags;
    }

    /** Checks each pair against SES's rule, so that a bad tag fails the route at its creation, not every send. */
    public void setTags(String tags) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (tags != null) {
            for (String pair : tags.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String tagName = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
                String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
                if (!TAG_TEXT.matcher(tagName).matches() || !TAG_TEXT.matcher(value).matches()) {
                    throw new RuntimeCamelException("ses-v2 option tags: '" + pair.trim() + "' is not name=value "
                            + "with a name and a value of 1 to 256 of A-Z a-z 0-9 _ - (what SES accepts)");
                }
                parsed.put(tagName, value);
            }
        }
        this.tags = tags;
        this.parsedTags = Collections.unmodifiableMap(parsed);
    }

    /** The {@link #getTags() tags} option, parsed. */
    public Map<String, String> tagMap() {
        return parsedTags;
    }

    public SesV2Client getSesClient() {
        return sesClient;
    }

    public void setSesClient(SesV2Client sesClient) {
        this.sesClient = sesClient;
    }

    /** A copy for one endpoint, whose own options then change only the copy. */
    public SesV2Configuration copy() {
        try {
            return (SesV2Configuration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}

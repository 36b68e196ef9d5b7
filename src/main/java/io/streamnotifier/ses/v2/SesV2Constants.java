package io.streamnotifier.ses.v2;

import org.apache.camel.spi.Metadata;

/**
 * The headers the {@code ses-v2} producer reads and sets. Their names are those of Camel's {@code aws2-ses}
 * component, so that a route written for one sends through the other unchanged.
 */
public final class SesV2Constants {

    @Metadata(description = "The From address (SendEmail's FromEmailAddress; the endpoint's from option when "
            + "absent). With IAM's ses:FromAddress condition this is the address checked", javaType = "String")
    public static final String FROM = "CamelAwsSesFrom";
    @Metadata(description = "The recipients, comma-separated or a list (the endpoint's to option when absent; "
            + "neither: SES takes them from the message's headers)", javaType = "String or List<String>")
    public static final String TO = "CamelAwsSesTo";
    @Metadata(description = "The configuration set to send with (the endpoint's configurationSet option when "
            + "absent or empty)", javaType = "String")
    public static final String CONFIGURATION_SET = "CamelAwsSesConfigurationSet";
    @Metadata(description = "Message tags, name to value, added to the endpoint's tags option (a name in both: "
            + "the header's value). SES accepts names and values of at most 256 of A-Z a-z 0-9 _ -",
              javaType = "Map<String, String>")
    public static final String TAGS = "CamelAwsSesTags";
    @Metadata(label = "producer", description = "The message id SES gave the accepted e-mail (set by the producer)",
              javaType = "String")
    public static final String MESSAGE_ID = "CamelAwsSesMessageId";

    /**
     * An exchange property (not a header: it never leaves the service): the body's MIME message already written out,
     * as a {@code Map.Entry} of that message and its bytes. The producer sends those bytes when the body is still
     * that very message, instead of writing the message a second time; otherwise it writes the body out itself.
     */
    public static final String WRITTEN_MESSAGE = "NotifierSesWrittenMessage";

    private SesV2Constants() {
    }
}

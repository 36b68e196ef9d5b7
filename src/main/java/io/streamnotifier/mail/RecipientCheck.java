package io.streamnotifier.mail;

import java.util.Map;

import io.streamnotifier.InvalidRecordException;
import io.streamnotifier.Masking;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import io.streamnotifier.stream.ImageModel;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.ses.Ses2Constants;

/**
 * Checks the recipient attribute of the data model ({@code order.email} by default) and sets it as the SES
 * recipient. Exactly one plain address is accepted ({@code name@example.com}): no display name, no list, no
 * control characters (CR/LF would let a record inject mail headers), ASCII only, at most 254 characters.
 * <p>
 * A failure throws {@link InvalidRecordException} with a reason that names the problem but not the address.
 */
public class RecipientCheck implements Processor {

    /** Header with the masked recipient, for log lines. */
    public static final String MASKED_RECIPIENT = "NotifierMaskedRecipient";

    /** Header naming the attribute that holds the address, when a route sets its own. */
    public static final String RECIPIENT_ATTRIBUTE = "NotifierRecipientAttribute";

    private final String model;
    private final String attribute;

    public RecipientCheck(String model, String attribute) {
        this.model = model;
        this.attribute = attribute;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Map<?, ?> body = exchange.getMessage().getMandatoryBody(Map.class);
        // a Kamelet names the model and the attribute per route (headers); else the service-wide defaults
        String attribute = exchange.getMessage().getHeader(RECIPIENT_ATTRIBUTE, this.attribute, String.class);
        Object item = body.get(exchange.getMessage().getHeader(ImageModel.MODEL_NAME, model, String.class));
        Object value = item instanceof Map<?, ?> map ? map.get(attribute) : null;
        String address = check(attribute, value);
        exchange.getMessage().setHeader(Ses2Constants.TO, address);
        exchange.getMessage().setHeader(MASKED_RECIPIENT, Masking.maskEmail(address));
    }

    /** Returns the address if it is one valid recipient, else throws with the reason. */
    public static String check(String attribute, Object value) {
        String where = "attribute '" + attribute + "'";
        if (value == null) {
            throw new InvalidRecordException("no e-mail address: " + where + " is missing");
        }
        if (!(value instanceof String address)) {
            throw new InvalidRecordException("no e-mail address: " + where + " is not a string");
        }
        if (address.isBlank()) {
            throw new InvalidRecordException("no e-mail address: " + where + " is empty");
        }
        if (address.length() > 254) {
            throw new InvalidRecordException("invalid e-mail address in " + where + ": longer than 254 characters");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new InvalidRecordException("invalid e-mail address in " + where
                        + ": contains CR or LF (header injection)");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidRecordException("invalid e-mail address in " + where + ": contains control characters");
            }
            if (c > 0x7e) {
                throw new InvalidRecordException("invalid e-mail address in " + where + ": contains non-ASCII characters");
            }
            if (c == ',' || c == ';') {
                throw new InvalidRecordException("invalid e-mail address in " + where + ": more than one address");
            }
            if (c == ' ' || c == '<' || c == '>' || c == '"' || c == '(' || c == ')') {
                throw new InvalidRecordException("invalid e-mail address in " + where
                        + ": not a plain address (spaces, quotes, brackets or a display name)");
            }
        }
        InternetAddress parsed;
        try {
            parsed = new InternetAddress(address, true);
            parsed.validate();
        } catch (AddressException e) {
            throw new InvalidRecordException("invalid e-mail address in " + where + ": not a syntactically valid address");
        }
        String domain = address.substring(address.lastIndexOf('@') + 1);
        if (!address.equals(parsed.getAddress()) || !domain.contains(".") || domain.startsWith(".")
                || domain.endsWith(".") || domain.contains("..")) {
            throw new InvalidRecordException("invalid e-mail address in " + where + ": not a syntactically valid address");
        }
        return address;
    }
}

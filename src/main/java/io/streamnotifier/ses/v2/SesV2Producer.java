package io.streamnotifier.ses.v2;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.RawMessage;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * One SendEmail call per exchange; SES's message id goes into {@link SesV2Constants#MESSAGE_ID}. A failure is
 * thrown as the SDK's exception, untouched, for the route to judge (the service's {@code sesSender} does).
 */
public class SesV2Producer extends DefaultProducer {

    public SesV2Producer(SesV2Endpoint endpoint) {
        super(endpoint);
    }

    @Override
    public SesV2Endpoint getEndpoint() {
        return (SesV2Endpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SendEmailResponse response = getEndpoint().getConfiguration().getSesClient().sendEmail(request(exchange));
        exchange.getMessage().setHeader(SesV2Constants.MESSAGE_ID, response.messageId());
    }

    /** The SendEmail request for the exchange: its raw message, with the headers' values or the options'. */
    SendEmailRequest request(Exchange exchange) throws Exception {
        SesV2Configuration options = getEndpoint().getConfiguration();
        Message in = exchange.getMessage();
        SendEmailRequest.Builder request = SendEmailRequest.builder().content(EmailContent.builder()
                .raw(RawMessage.builder().data(SdkBytes.fromByteArrayUnsafe(raw(exchange))).build()).build());
        String from = firstSet(in.getHeader(SesV2Constants.FROM, String.class), options.getFrom());
        if (from != null) {
            request.fromEmailAddress(from);
        }
        List<String> to = addresses(in.getHeader(SesV2Constants.TO), options.getTo());
        if (!to.isEmpty()) {
            request.destination(d -> d.toAddresses(to));
        }
        String configurationSet = firstSet(in.getHeader(SesV2Constants.CONFIGURATION_SET, String.class),
                options.getConfigurationSet());
        if (configurationSet != null) {
            request.configurationSetName(configurationSet);
        }
        Map<String, String> tags = new LinkedHashMap<>(options.tagMap());
        if (in.getHeader(SesV2Constants.TAGS) instanceof Map<?, ?> own) {
            own.forEach((name, value) -> tags.put(String.valueOf(name), String.valueOf(value)));
        }
        if (!tags.isEmpty()) {
            List<MessageTag> list = new ArrayList<>(tags.size());
            tags.forEach((name, value) -> list.add(MessageTag.builder().name(name).value(value).build()));
            request.emailTags(list);
        }
        return request.build();
    }

    /**
     * The body as the bytes of a MIME message: those written out before for this very message
     * ({@link SesV2Constants#WRITTEN_MESSAGE}), else a {@link jakarta.mail.Message} is written out, else converted.
     */
    private static byte[] raw(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (exchange.getProperty(SesV2Constants.WRITTEN_MESSAGE) instanceof Map.Entry<?, ?> written
                && written.getKey() == body && written.getValue() instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof jakarta.mail.Message message) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            message.writeTo(out);
            return out.toByteArray();
        }
        return exchange.getMessage().getMandatoryBody(byte[].class);
    }

    private static String firstSet(String header, String option) {
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        return option == null || option.isBlank() ? null : option.trim();
    }

    private static List<String> addresses(Object header, String option) {
        List<String> list = new ArrayList<>();
        if (header instanceof Collection<?> many) {
            many.forEach(one -> add(list, String.valueOf(one)));
        } else if (header != null && !String.valueOf(header).isBlank()) {
            add(list, String.valueOf(header));
        } else if (option != null) {
            add(list, option);
        }
        return list;
    }

    private static void add(List<String> list, String commaSeparated) {
        for (String address : commaSeparated.split(",")) {
            if (!address.isBlank()) {
                list.add(address.trim());
            }
        }
    }
}

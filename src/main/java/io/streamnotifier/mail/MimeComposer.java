package io.streamnotifier.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.streamnotifier.InvalidRecordException;
import io.streamnotifier.Masking;
import io.streamnotifier.ses.v2.SesV2Constants;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.ses.Ses2Constants;

/**
 * Builds one multipart/alternative UTF-8 message from the rendered parts, so SES sends the text and the HTML
 * version together (Camel's SES producer sends a {@link jakarta.mail.Message} body with SendRawEmail).
 * <p>
 * Reads: header {@code CamelAwsSesFrom}, {@code CamelAwsSesTo} (set by {@link RecipientCheck}),
 * {@code CamelAwsSesSubject}, {@code CamelAwsSesReplyToAddresses} (optional: the Reply-To header, one or more
 * addresses, comma-separated); variables {@code text} and {@code html} (the rendered templates).
 * A message larger than the configured limit (SES accepts 10 MB) is rejected as invalid rather than retried.
 */
public class MimeComposer implements Processor {

    private static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();

    static {
        // Jakarta Mail looks its stream provider up through the service loader on every MimeMessage.writeTo (16 % of
        // the sending thread's CPU in the benchmark's profile); named here, it is instantiated directly
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    private final long maxMessageBytes;

    public MimeComposer(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        var in = exchange.getMessage();
        String from = in.getHeader(Ses2Constants.FROM, String.class);
        String to = in.getHeader(Ses2Constants.TO, String.class);
        String subject = in.getHeader(Ses2Constants.SUBJECT, String.class);
        String text = exchange.getVariable("text", String.class);
        String html = exchange.getVariable("html", String.class);
        if (from == null || to == null || subject == null || text == null || html == null) {
            throw new IllegalStateException("compose-mime needs headers CamelAwsSesFrom, CamelAwsSesTo, "
                    + "CamelAwsSesSubject and variables text and html; check the route");
        }
        MimeMessage message = compose(from, to, subject, text, html);
        String replyTo = in.getHeader(Ses2Constants.REPLY_TO_ADDRESSES, String.class);
        if (replyTo != null && !replyTo.isBlank()) {
            message.setReplyTo(replyTo(replyTo));
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        if (raw.size() > maxMessageBytes) {
            throw new InvalidRecordException("the rendered e-mail has " + raw.size() + " bytes, more than the limit of "
                    + maxMessageBytes);
        }
        in.setBody(message);
        // written out once: the ses-v2 producer sends these bytes while the body is still this message
        exchange.setProperty(SesV2Constants.WRITTEN_MESSAGE, Map.entry(message, raw.toByteArray()));
    }

    /** The message as SES receives it: From, To, Subject, Date, and the text part before the HTML part. */
    public static MimeMessage compose(String from, String to, String subject, String text, String html)
            throws Exception {
        InternetAddress sender = new InternetAddress(from, true);
        MimeMessage message = new MimeMessage(session(sender.getAddress()));
        message.setFrom(sender);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());

        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(crlf(text), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(crlf(html), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart);
        alternative.addBodyPart(htmlPart);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /** The route's reply-to addresses; a bad one fails every e-mail of the route, with the masked value. */
    static InternetAddress[] replyTo(String addresses) {
        try {
            return InternetAddress.parse(addresses, true);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException("the route's replyTo (Kamelet parameter, default notifier.ses.reply-to) "
                    + "is not a comma-separated list of addresses: " + Masking.maskEmailsIn(addresses));
        }
    }

    /**
     * One mail session per sender address, made once: creating a session looks its providers up through the
     * service loader, which was a quarter of the CPU time of a send in the benchmark's profile.
     */
    private static Session session(String senderAddress) {
        if (SESSIONS.size() > 100) {
            SESSIONS.clear(); // senders come from configuration: more than a few means something odd; stay bounded
        }
        return SESSIONS.computeIfAbsent(senderAddress, address -> {
            Properties properties = new Properties();
            // the Message-ID is made from this address instead of a look-up of the local host name
            properties.setProperty("mail.from", address);
            return Session.getInstance(properties);
        });
    }

    /** MIME text is sent with CRLF line ends, whatever the template file uses. */
    static String crlf(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    }
}

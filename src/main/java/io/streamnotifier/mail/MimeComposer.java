package io.streamnotifier.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.streamnotifier.InvalidRecordException;
import io.streamnotifier.Masking;
import io.streamnotifier.ses.v2.SesV2Constants;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedByteArrayInputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.ses.Ses2Constants;

/**
 * Builds one multipart/alternative UTF-8 message from the rendered parts, so SES sends the text and the HTML
 * version together, as the raw message of SES's SendEmail.
 * <p>
 * Reads: header {@code CamelAwsSesFrom}, {@code CamelAwsSesTo} (set by {@link RecipientCheck}),
 * {@code CamelAwsSesSubject}, {@code CamelAwsSesReplyToAddresses} (optional: the Reply-To header, one or more
 * addresses, comma-separated); variables {@code text} and {@code html} (the rendered templates).
 * A message larger than the configured limit (SES accepts 10 MB) is rejected as invalid rather than retried.
 * <p>
 * The message is written here, byte by byte, rather than built as a Jakarta Mail message and written out by it:
 * that was a sixth of the sending thread's CPU in the benchmark's profile, for a message whose form never changes.
 * Jakarta Mail still parses the addresses and encodes the header words, and the body is a Jakarta Mail message read
 * from the written bytes (without copying them) for whoever looks at it; SES is sent those bytes.
 */
public class MimeComposer implements Processor {

    private static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.US);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    static {
        // Jakarta Mail looks its stream provider up through the service loader on every message it reads or writes
        // (16 % of the sending thread's CPU in the benchmark's profile); named here, it is instantiated directly
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
        String replyTo = in.getHeader(Ses2Constants.REPLY_TO_ADDRESSES, String.class);
        InternetAddress[] answerTo = replyTo == null || replyTo.isBlank() ? null : replyTo(replyTo);
        InternetAddress sender = new InternetAddress(from, true);
        byte[] raw = write(sender, new InternetAddress(to, true), answerTo, subject, text, html);
        if (raw.length > maxMessageBytes) {
            throw new InvalidRecordException("the rendered e-mail has " + raw.length + " bytes, more than the limit of "
                    + maxMessageBytes);
        }
        MimeMessage message = read(sender, raw);
        in.setBody(message);
        // written out once: the ses-v2 producer sends these bytes while the body is still this message
        exchange.setProperty(SesV2Constants.WRITTEN_MESSAGE, Map.entry(message, raw));
    }

    /** The message as SES receives it: From, To, Subject, Date, and the text part before the HTML part. */
    public static MimeMessage compose(String from, String to, String subject, String text, String html)
            throws Exception {
        InternetAddress sender = new InternetAddress(from, true);
        return read(sender, write(sender, new InternetAddress(to, true), null, subject, text, html));
    }

    /** The message read from its bytes, which it keeps as they are (shared, not copied). */
    private static MimeMessage read(InternetAddress sender, byte[] raw) throws MessagingException {
        return new MimeMessage(session(sender.getAddress()), new SharedByteArrayInputStream(raw));
    }

    /**
     * The message's bytes: headers (addresses and subject encoded as Jakarta Mail encodes them, the subject folded
     * so that a line break in it cannot start a header), then the two parts, each 7bit when it is ASCII with short
     * lines, else quoted-printable.
     */
    static byte[] write(InternetAddress from, InternetAddress to, InternetAddress[] replyTo, String subject,
            String text, String html) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 * (text.length() + html.length()) + 1024);
        String domain = from.getAddress().substring(from.getAddress().lastIndexOf('@') + 1);
        long now = System.currentTimeMillis();
        header(out, "Date", DATE.format(ZonedDateTime.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC)));
        header(out, "From", InternetAddress.toString(new InternetAddress[] {from}, 6));
        if (replyTo != null) {
            header(out, "Reply-To", InternetAddress.toString(replyTo, 10));
        }
        header(out, "To", InternetAddress.toString(new InternetAddress[] {to}, 4));
        header(out, "Message-ID", "<" + Long.toString(now, 36) + "." + SEQUENCE.incrementAndGet() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + "@" + domain + ">");
        header(out, "Subject", MimeUtility.fold(9, MimeUtility.encodeText(subject, "UTF-8", null)));
        header(out, "MIME-Version", "1.0");
        String boundary = "=_notifier_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        header(out, "Content-Type", "multipart/alternative;\r\n\tboundary=\"" + boundary + "\"");
        ascii(out, "\r\n");
        part(out, boundary, "text/plain", crlf(text));
        part(out, boundary, "text/html", crlf(html));
        ascii(out, "--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private static void part(ByteArrayOutputStream out, String boundary, String type, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        boolean plain = sevenBit(bytes);
        ascii(out, "--" + boundary + "\r\n");
        header(out, "Content-Type", type + "; charset=UTF-8");
        header(out, "Content-Transfer-Encoding", plain ? "7bit" : "quoted-printable");
        ascii(out, "\r\n");
        if (plain) {
            out.writeBytes(bytes);
        } else {
            quotedPrintable(bytes, out);
        }
        ascii(out, "\r\n");
    }

    /** ASCII without NUL or a lone CR or LF, no line over 998 characters: sent as it is. */
    static boolean sevenBit(byte[] bytes) {
        int line = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i];
            if (b <= 0 || b > 126) {
                return false;
            }
            if (b == '\r' || b == '\n') {
                if (b == '\n' || i + 1 == bytes.length || bytes[i + 1] != '\n') {
                    return false; // CRLF only (crlf() made every line end one)
                }
                i++;
                line = 0;
            } else if (++line > 998) {
                return false;
            }
        }
        return true;
    }

    /**
     * Quoted-printable (RFC 2045 6.7): printable ASCII but "=" as it is, spaces and tabs too except at a line's
     * end, every other byte as =XX; CRLF as a line break; lines cut with a soft break ("=") before 76 characters.
     */
    static void quotedPrintable(byte[] bytes, ByteArrayOutputStream out) {
        int column = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                out.write('\r');
                out.write('\n');
                column = 0;
                i++;
                continue;
            }
            boolean lineEnd = i + 1 == bytes.length
                    || (bytes[i + 1] == '\r' && i + 2 < bytes.length && bytes[i + 2] == '\n');
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lineEnd);
            int width = literal ? 1 : 3;
            if (column + width > 75) {
                out.write('=');
                out.write('\r');
                out.write('\n');
                column = 0;
            }
            if (literal) {
                out.write(b);
            } else {
                out.write('=');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 0xf]);
            }
            column += width;
        }
    }

    private static void header(ByteArrayOutputStream out, String name, String value) {
        ascii(out, name);
        ascii(out, ": ");
        ascii(out, value);
        ascii(out, "\r\n");
    }

    /** Header text is ASCII once encoded; a character that is not (an address's own) goes as UTF-8 (RFC 6532). */
    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
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

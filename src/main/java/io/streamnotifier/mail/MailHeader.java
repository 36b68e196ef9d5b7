package io.streamnotifier.mail;

import freemarker.core.CommonTemplateMarkupOutputModel;
import io.streamnotifier.TextOutputFormat;

/**
 * A one-line mail header value (the subject) as a FreeMarker output format, registered as {@code MailHeader}: every
 * {@code ${...}} has its line breaks and other control characters replaced by a space, so that order data cannot
 * start a new header line (header injection). Subject templates are parsed with it by default (see
 * {@link EmailRender}); what the template text itself puts on a second line is refused by
 * {@link #check(String)}.
 */
public final class MailHeader extends TextOutputFormat<MailHeader.Model> {

    public static final MailHeader INSTANCE = new MailHeader();

    /** Longest subject accepted (RFC 5322 limits a header line to 998 characters). */
    public static final int MAX_LENGTH = 900;

    private MailHeader() {
        super("MailHeader");
    }

    @Override
    protected String escapeText(String text) {
        return escape(text);
    }

    /** Replaces CR, LF, TAB, the other control characters and Unicode line and paragraph separators by a space. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isBreakOrControl(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append(' ');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * The rendered subject as it may be sent: trimmed (the template file's last line break), one line, not empty,
     * at most {@value #MAX_LENGTH} characters. Otherwise an {@link io.streamnotifier.InvalidRecordException} that names
     * the problem, not the text.
     */
    public static String check(String subject) {
        String trimmed = subject == null ? "" : subject.strip();
        if (trimmed.isEmpty()) {
            throw new io.streamnotifier.InvalidRecordException("the e-mail's subject is empty");
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new io.streamnotifier.InvalidRecordException(
                        "the e-mail's subject contains CR or LF (header injection)");
            }
            if (isBreakOrControl(c)) {
                throw new io.streamnotifier.InvalidRecordException("the e-mail's subject contains control characters");
            }
        }
        if (trimmed.length() > MAX_LENGTH) {
            throw new io.streamnotifier.InvalidRecordException("the e-mail's subject is longer than " + MAX_LENGTH
                    + " characters");
        }
        return trimmed;
    }

    private static boolean isBreakOrControl(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    @Override
    protected Model newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new Model(plainTextContent, markupContent);
    }

    /** A piece of a header value in a template (FreeMarker's markup output value). */
    public static final class Model extends CommonTemplateMarkupOutputModel<Model> {

        Model(String plainTextContent, String markupContent) {
            super(plainTextContent, markupContent);
        }

        @Override
        public MailHeader getOutputFormat() {
            return INSTANCE;
        }
    }
}

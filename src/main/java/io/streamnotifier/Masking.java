package io.streamnotifier;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps e-mail addresses out of logs: {@code jane@example.com} becomes {@code j***@example.com}. */
public final class Masking {

    private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9._%+\\-]+)@([A-Za-z0-9.\\-]+\\.[A-Za-z]{2,})");

    private Masking() {
    }

    /** Masks one address; anything that is not an address is masked whole. */
    public static String maskEmail(String address) {
        if (address == null || address.isBlank()) {
            return "<none>";
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return "***";
        }
        String domain = address.substring(at + 1).replaceAll("[\\r\\n\\t]", "?");
        return address.charAt(0) + "***@" + domain;
    }

    /**
     * A log-safe reason for a failure: the exception's class and its message with addresses masked, on one line,
     * at most 300 characters. A template error is described by template, line and expression only, because
     * FreeMarker's message can quote the data it was given.
     */
    public static String reason(Throwable error) {
        if (error == null) {
            return "-";
        }
        if (error instanceof freemarker.template.TemplateException template) {
            return error.getClass().getSimpleName() + ": template " + template.getTemplateSourceName() + ", line "
                    + template.getLineNumber() + ", expression " + template.getBlamedExpressionString();
        }
        String message = maskEmailsIn(error.getMessage());
        if (message != null && message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return error.getClass().getSimpleName() + ": " + message;
    }

    /** Masks every address found in a free text, such as an exception message from a remote service. */
    public static String maskEmailsIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ADDRESS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).charAt(0) + "***@" + m.group(2)));
        }
        m.appendTail(out);
        return out.toString().replaceAll("[\\r\\n]+", " ");
    }
}

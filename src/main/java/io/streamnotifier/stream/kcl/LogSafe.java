package io.streamnotifier.stream.kcl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Log-safe failure reasons for the component's own lines: a stream record can carry e-mail addresses, and an AWS or
 * route failure's message can quote them. The component keeps this rule itself so that it depends on nothing of the
 * service that uses it.
 */
final class LogSafe {

    private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9._%+\\-]+)@([A-Za-z0-9.\\-]+\\.[A-Za-z]{2,})");
    private static final int MAX_MESSAGE = 300;

    private LogSafe() {
    }

    /**
     * The failure's class and its message on one line, every address in it masked ({@code jane@example.com} becomes
     * {@code j***@example.com}), at most 300 characters of message.
     */
    static String reason(Throwable error) {
        if (error == null) {
            return "-";
        }
        String message = error.getMessage();
        if (message != null) {
            Matcher m = ADDRESS.matcher(message);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).charAt(0) + "***@" + m.group(2)));
            }
            m.appendTail(out);
            message = out.toString().replaceAll("[\\r\\n]+", " ");
            if (message.length() > MAX_MESSAGE) {
                message = message.substring(0, MAX_MESSAGE) + "...";
            }
        }
        return error.getClass().getSimpleName() + ": " + message;
    }
}

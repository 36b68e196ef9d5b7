package io.streamnotifier.cli;

import java.util.List;

import jakarta.mail.internet.MimeMessage;

/**
 * The page {@code render --open} writes: the e-mail's From, To and Subject, the locale and templates used, the HTML
 * part in a sandboxed frame (no script of it runs, no link opens) and the text part below.
 */
final class PreviewPage {

    private PreviewPage() {
    }

    static String of(MimeMessage message, List<String> about, String html, String text) throws Exception {
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n<title>Preview: ")
                .append(escape(message.getSubject())).append("</title>\n<style>\n")
                .append("body{margin:0;font-family:system-ui,sans-serif;background:#e9e9ec;color:#222}\n")
                .append(".mail{max-width:760px;margin:16px auto;background:#fff;border:1px solid #ccc}\n")
                .append("table.headers{width:100%;border-collapse:collapse;font-size:14px}\n")
                .append("table.headers th{width:90px;text-align:left;color:#666;font-weight:normal;padding:4px 12px}\n")
                .append("table.headers td{padding:4px 12px}\n")
                .append(".about{font-size:12px;color:#666;padding:4px 12px 8px;border-bottom:1px solid #ddd}\n")
                .append("iframe{display:block;width:100%;height:620px;border:0}\n")
                .append("pre{white-space:pre-wrap;margin:0;padding:12px;font-size:13px;border-top:1px solid #ddd}\n")
                .append("</style>\n</head>\n<body>\n<div class=\"mail\">\n<table class=\"headers\">\n");
        row(page, "From", String.join(", ", addresses(message.getHeader("From"))));
        row(page, "To", String.join(", ", addresses(message.getHeader("To"))));
        row(page, "Subject", message.getSubject());
        page.append("</table>\n<div class=\"about\">");
        for (String line : about) {
            page.append(escape(line)).append("<br>");
        }
        page.append("</div>\n<iframe sandbox=\"\" title=\"HTML part\" srcdoc=\"").append(escape(html == null ? ""
                : html)).append("\"></iframe>\n<details><summary style=\"padding:6px 12px;font-size:13px\">Text part"
                + "</summary><pre>").append(escape(text == null ? "" : text.replace("\r\n", "\n")))
                .append("</pre></details>\n</div>\n</body>\n</html>\n");
        return page.toString();
    }

    private static List<String> addresses(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    private static void row(StringBuilder page, String name, String value) {
        page.append("<tr><th>").append(name).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}

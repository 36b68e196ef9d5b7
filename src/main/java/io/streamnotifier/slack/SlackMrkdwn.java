package io.streamnotifier.slack;

import java.io.IOException;
import java.io.Writer;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;

/**
 * Slack's message text format ("mrkdwn") as a FreeMarker output format, registered as {@code SlackMrkdwn}: a
 * template that starts with {@code <#ftl output_format="SlackMrkdwn">} escapes every {@code ${...}} as Slack
 * requires, {@code &} to {@code &amp;}, {@code <} to {@code &lt;}, {@code >} to {@code &gt;}, so that order data
 * cannot make links, mentions ({@code <!channel>}, {@code <@U123>}) or dates.
 * Slack's formatting characters ({@code *}, {@code _}, {@code ~}, backticks) are left alone: they change how text
 * looks, not what it does.
 */
public final class SlackMrkdwn extends CommonMarkupOutputFormat<SlackMrkdwn.Model> {

    public static final SlackMrkdwn INSTANCE = new SlackMrkdwn();

    private SlackMrkdwn() {
    }

    /** Escapes {@code &}, {@code <} and {@code >} for Slack. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String getName() {
        return "SlackMrkdwn";
    }

    @Override
    public String getMimeType() {
        return "text/plain";
    }

    @Override
    public void output(String textToEsc, Writer out) throws IOException {
        out.write(escape(textToEsc));
    }

    @Override
    public String escapePlainText(String plainTextContent) {
        return escape(plainTextContent);
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }

    @Override
    protected Model newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new Model(plainTextContent, markupContent);
    }

    /** A piece of Slack mrkdwn in a template (FreeMarker's markup output value). */
    public static final class Model extends CommonTemplateMarkupOutputModel<Model> {

        Model(String plainTextContent, String markupContent) {
            super(plainTextContent, markupContent);
        }

        @Override
        public SlackMrkdwn getOutputFormat() {
            return INSTANCE;
        }
    }
}

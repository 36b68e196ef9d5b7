package io.streamnotifier.slack;

import freemarker.core.CommonTemplateMarkupOutputModel;
import io.streamnotifier.TextOutputFormat;

/**
 * Slack's message text format ("mrkdwn") as a FreeMarker output format, registered as {@code SlackMrkdwn}: a
 * template that starts with {@code <#ftl output_format="SlackMrkdwn">} escapes every {@code ${...}} as Slack
 * requires, {@code &} to {@code &amp;}, {@code <} to {@code &lt;}, {@code >} to {@code &gt;}, so that order data
 * cannot make links, mentions ({@code <!channel>}, {@code <@U123>}) or dates.
 * Slack's formatting characters ({@code *}, {@code _}, {@code ~}, backticks) are left alone: they change how text
 * looks, not what it does.
 */
public final class SlackMrkdwn extends TextOutputFormat<SlackMrkdwn.Model> {

    public static final SlackMrkdwn INSTANCE = new SlackMrkdwn();

    private SlackMrkdwn() {
        super("SlackMrkdwn");
    }

    @Override
    protected String escapeText(String text) {
        return escape(text);
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

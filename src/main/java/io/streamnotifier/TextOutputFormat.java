package io.streamnotifier;

import java.io.IOException;
import java.io.Writer;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;

/**
 * A FreeMarker output format for plain text that a template's {@code ${...}} values must be escaped for (a mail
 * header, Slack's mrkdwn): its name, the text/plain type, and every value passed through {@link #escapeText}. A
 * subclass gives the escaping and its markup output model.
 */
public abstract class TextOutputFormat<M extends CommonTemplateMarkupOutputModel<M>>
        extends CommonMarkupOutputFormat<M> {

    private final String name;

    protected TextOutputFormat(String name) {
        this.name = name;
    }

    /** The value as it may stand in the output. */
    protected abstract String escapeText(String text);

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final String getMimeType() {
        return "text/plain";
    }

    @Override
    public final void output(String textToEsc, Writer out) throws IOException {
        out.write(escapeText(textToEsc));
    }

    @Override
    public final String escapePlainText(String plainTextContent) {
        return escapeText(plainTextContent);
    }

    @Override
    public final boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }
}

package io.streamnotifier.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.streamnotifier.mail.EmailRender;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.Exchange;

/**
 * What {@code render} shows of a composed e-mail: its headers and text part on standard output; with {@code --out},
 * {@code email.html}, {@code email.txt}, {@code headers.txt} and {@code email.eml}; with {@code --open}, the preview
 * page ({@link PreviewPage}).
 */
final class RenderOutput {

    private RenderOutput() {
    }

    /**
     * Prints or writes the e-mail the route composed (and the locale and templates used); 0, the exit status of a
     * rendered e-mail.
     */
    static int write(Exchange sent, Path dir, boolean open, PrintStream out) throws Exception {
        MimeMessage message = sent.getMessage().getMandatoryBody(MimeMessage.class);
        EmailRender.Rendered rendered = sent.getProperty(EmailRender.RENDERED, EmailRender.Rendered.class);
        String text = null;
        String html = null;
        if (message.getContent() instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    text = (String) part.getContent();
                } else if (part.isMimeType("text/html")) {
                    html = (String) part.getContent();
                }
            }
        }
        StringBuilder headers = new StringBuilder();
        for (Iterator<Header> it = message.getAllHeaders().asIterator(); it.hasNext();) {
            Header header = it.next();
            String value = header.getName().equals("Subject") ? message.getSubject() : header.getValue();
            headers.append(header.getName()).append(": ").append(value).append('\n');
        }
        List<String> about = new ArrayList<>();
        if (rendered != null) {
            about.add("locale: " + rendered.locale().toLanguageTag() + (rendered.fallback() == null ? ""
                    : " (the record's locale falls back: " + rendered.fallback() + ")"));
            rendered.templates().forEach(t -> about.add("template: " + t));
        }
        about.forEach(out::println);
        if (dir == null && !open) {
            out.println();
            out.print(headers);
            out.println();
            out.print(text == null ? "" : text.replace("\r\n", "\n"));
            return 0;
        }
        Path target = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("render-");
        if (dir != null) {
            Files.writeString(target.resolve("email.html"), html == null ? "" : html.replace("\r\n", "\n"));
            Files.writeString(target.resolve("email.txt"), text == null ? "" : text.replace("\r\n", "\n"));
            Files.writeString(target.resolve("headers.txt"), headers);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            Files.write(target.resolve("email.eml"), raw.toByteArray());
            out.println("written: " + target.resolve("email.html") + ", email.txt, headers.txt, email.eml");
        }
        if (open) {
            Path preview = target.resolve("preview.html");
            Files.writeString(preview, PreviewPage.of(message, about, html, text));
            out.println("preview: " + preview.toAbsolutePath().toUri());
        }
        return 0;
    }
}

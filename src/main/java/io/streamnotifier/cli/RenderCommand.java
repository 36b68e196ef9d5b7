package io.streamnotifier.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.Json;
import io.streamnotifier.Masking;
import io.streamnotifier.NotifierCounters;
import io.streamnotifier.StreamNotifier;
import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.deadletter.DeadLetterChannel;
import io.streamnotifier.deadletter.DeadLetterStore;
import io.streamnotifier.deadletter.Replay;
import io.streamnotifier.mail.EmailRender;
import io.streamnotifier.mail.TemplateCheck;
import io.streamnotifier.stream.StreamHeaders;
import io.streamnotifier.stream.StreamRecordJson;
import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.apache.camel.support.ProcessorEndpoint;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * {@code render [--route R] [--out DIR] [--open] [--event INSERT|MODIFY|REMOVE] INPUT}: the e-mail a route would send
 * for INPUT, rendered and composed exactly as the service does (same configuration, routes, Kamelets, templates), but
 * not sent: no stream is read, nothing is written to the send-once table or the dead-letter store.
 * <p>
 * INPUT is a file (or {@code -} for standard input) holding a stream record as DynamoDB Streams returns it (a Lambda
 * event with one record too), or a DynamoDB item in the AWS CLI's JSON form ({@code aws dynamodb get-item} output,
 * or the item alone), taken as an INSERT (or {@code --event}); or else the eventID of a dead letter in the file store.
 * <p>
 * Without {@code --out} the headers and the text part are printed; with {@code --out DIR}, {@code email.html},
 * {@code email.txt}, {@code headers.txt} and {@code email.eml} are written there; {@code --open} writes
 * {@code preview.html} (into DIR, else a new temporary directory), one page a browser shows: the headers, the
 * templates used and the HTML part (in a sandboxed frame). The template files and their versions are printed.
 * <p>
 * Exit status: 0 rendered; 3 the route sends no e-mail for this record (skipped, filtered, or failed: the reason,
 * with a template's file and line, is printed); 2 a usage error (arguments, input, unknown route); 1 an error.
 */
public final class RenderCommand {

    private static final String CAPTURE = "render:capture";

    private static final String USAGE = "usage: render [--route ROUTE] [--out DIR] [--open] "
            + "[--event INSERT|MODIFY|REMOVE] INPUT\n"
            + "  INPUT: a stream record JSON file, a DynamoDB item JSON file (AWS CLI form), - for standard input,\n"
            + "         or the eventID of a dead letter";

    private RenderCommand() {
    }

    /** Runs the command with the arguments after {@code render}; returns the exit status. */
    public static int run(String[] args) {
        // the service's logs go to standard error: standard output is the rendered e-mail
        PrintStream out = System.out;
        System.setOut(System.err);
        // the service's own lines only for warnings: a render is not a send, and it prints what it used itself
        org.apache.logging.log4j.core.config.Configurator.setAllLevels("io.streamnotifier",
                org.apache.logging.log4j.Level.WARN);
        try {
            return run(args, out);
        } finally {
            System.setOut(out);
        }
    }

    static int run(String[] args, PrintStream out) {
        String route = "order-confirmation";
        Path dir = null;
        boolean open = false;
        String event = "INSERT";
        String input = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--route" -> route = i + 1 < args.length ? args[++i] : null;
                case "--out" -> dir = i + 1 < args.length ? Path.of(args[++i]) : null;
                case "--open" -> open = true;
                case "--event" -> event = i + 1 < args.length ? args[++i].toUpperCase(Locale.ROOT) : null;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (input != null || (args[i].startsWith("--") && args[i].length() > 2)) {
                        System.err.println("render: unexpected argument '" + args[i] + "'\n" + USAGE);
                        return 2;
                    }
                    input = args[i];
                }
            }
        }
        if (input == null || route == null || event == null || !List.of("INSERT", "MODIFY", "REMOVE").contains(event)
                || (dir == null && args.length > 0 && List.of(args).contains("--out"))) {
            System.err.println(USAGE);
            return 2;
        }
        JsonNode json;
        try {
            json = readInput(input);
        } catch (IOException e) {
            System.err.println("render: " + input + " is not JSON (" + e.getClass().getSimpleName() + ")");
            return 2;
        }
        try {
            return render(route, input, json, event, dir, open, out);
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            System.err.println("render failed: " + Masking.reason(cause));
            return 1;
        }
    }

    /** The input's JSON, or null when it names no file (then it is an eventID). */
    private static JsonNode readInput(String input) throws IOException {
        if (input.equals("-")) {
            return Json.MAPPER.readTree(System.in);
        }
        Path file = Path.of(input);
        return Files.isRegularFile(file) ? Json.MAPPER.readTree(file.toFile()) : null;
    }

    private static int render(String routeId, String input, JsonNode json, String event, Path dir, boolean open,
            PrintStream out) throws Exception {
        AtomicReference<Exchange> captured = new AtomicReference<>();
        List<DeadLetter> failures = Collections.synchronizedList(new ArrayList<>());
        // the service's set-up, as every command makes it
        Main main = StreamNotifier.camelMain();
        main.addOverrideProperty("notifier.idempotency.store", "none");
        main.addOverrideProperty("notifier.ses.endpoint-uri", CAPTURE);
        main.addOverrideProperty("notifier.ses.max-send-rate", "0");
        main.addOverrideProperty("notifier.max-record-age-seconds", "0");
        main.addOverrideProperty("notifier.retry.max-redeliveries", "0");
        main.addOverrideProperty("notifier.ses.outage-after-records", "0");
        // render shows the given record's errors itself, with the template's file and line
        main.addOverrideProperty("notifier.templates.check-at-start", "false");
        return OneShot.run(main, "render", context -> {
            // a record that fails is reported here, not stored
            DeadLetterStore memory = new DeadLetterStore() {
                @Override
                public void append(DeadLetter deadLetter) {
                    failures.add(deadLetter);
                }

                @Override
                public String describe() {
                    return "render (not stored)";
                }
            };
            context.getRegistry().bind("deadLetters", new DeadLetterChannel(memory,
                    context.getRegistry().lookupByNameAndType("counters", NotifierCounters.class),
                    Clock.systemUTC()));
            // the SES send step sends here: the composed message is kept, nothing leaves
            try {
                context.addEndpoint(CAPTURE, new ProcessorEndpoint(CAPTURE, context, captured::set));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, context -> renderIn(context, routeId, input, json, event, dir, open, out, captured, failures));
    }

    private static int renderIn(CamelContext context, String routeId, String input, JsonNode json, String event,
            Path dir, boolean open, PrintStream out, AtomicReference<Exchange> captured, List<DeadLetter> failures)
            throws Exception {
        DdbStreamConsumer consumer = Replay.streamConsumerOf(context, routeId);
        List<String> emailRoutes = TemplateCheck.emailSteps(context).stream().map(TemplateCheck.EmailStep::routeId)
                .distinct().toList();
        if (consumer == null || !emailRoutes.contains(routeId)) {
            System.err.println("render: no e-mail route " + routeId + " among the routes loaded (" + emailRoutes
                    + "); an example route is loaded with NOTIFIER_ROUTES, e.g. "
                    + "file:routes/*.camel.yaml,file:examples/routes/" + routeId + ".camel.yaml");
            return 2;
        }
        String table = context.resolvePropertyPlaceholders("{{notifier.table}}");
        Record record;
        if (json == null) {
            DeadLetter deadLetter = findDeadLetter(Path.of(context.resolvePropertyPlaceholders(
                    "{{notifier.dead-letter.file}}")), input);
            if (deadLetter == null) {
                System.err.println("render: " + input + " is neither a file nor the eventID of a dead letter in "
                        + context.resolvePropertyPlaceholders("{{notifier.dead-letter.file}}"));
                return 2;
            }
            record = StreamRecordJson.fromJson(deadLetter.record());
            table = deadLetter.table() == null ? table : deadLetter.table();
            out.println("dead letter " + deadLetter.eventId() + " of route " + deadLetter.routeId() + " (failed: "
                    + deadLetter.errorMessage() + ")");
        } else {
            try {
                record = record(json, event);
            } catch (IllegalArgumentException e) {
                System.err.println("render: " + input + ": " + e.getMessage());
                return 2;
            }
        }
        Exchange exchange = consumer.createExchange(false);
        exchange.getMessage().setBody(record);
        exchange.getMessage().setHeader(StreamHeaders.TABLE, table);
        try {
            consumer.getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exchange sent = captured.get();
        if (sent == null) {
            Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            while (caught != null && !(caught instanceof freemarker.template.TemplateException)
                    && !(caught instanceof freemarker.core.ParseException) && caught.getCause() != caught) {
                caught = caught.getCause();
            }
            if (caught != null) {
                // a template's error: its file and line first, then FreeMarker's message
                out.println("not rendered: " + TemplateCheck.problem(routeId, (Exception) caught));
            } else if (!failures.isEmpty()) {
                out.println("not rendered: " + failures.get(0).errorMessage());
            } else if (exchange.getException() != null) {
                out.println("not rendered: " + Masking.reason(exchange.getException()));
            } else {
                out.println("route " + routeId + " sends no e-mail for this " + record.eventNameAsString()
                        + " record (not an event type it handles, or filtered out by one of its steps)");
            }
            return 3;
        }
        return write(sent, dir, open, out);
    }

    private static int write(Exchange sent, Path dir, boolean open, PrintStream out) throws Exception {
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

    /** A stream record; or a DynamoDB item (CLI JSON form) made into a record of the given event type. */
    static Record record(JsonNode json, String event) {
        if (json.has("Records") && json.get("Records").isArray()) {
            if (json.get("Records").size() != 1) {
                throw new IllegalArgumentException("an event with " + json.get("Records").size()
                        + " records; give one");
            }
            json = json.get("Records").get(0);
        }
        if (json.has("dynamodb")) {
            return StreamRecordJson.fromJson(json);
        }
        JsonNode itemJson = json.has("Item") ? json.get("Item") : json;
        if (!itemJson.isObject() || itemJson.isEmpty()) {
            throw new IllegalArgumentException("neither a stream record (no dynamodb field) nor a DynamoDB item");
        }
        Map<String, AttributeValue> item;
        try {
            item = StreamRecordJson.item(itemJson);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("neither a stream record (no dynamodb field) nor a DynamoDB item in "
                    + "the AWS CLI's JSON form (" + e.getMessage() + ")");
        }
        StreamRecord.Builder data = StreamRecord.builder()
                .approximateCreationDateTime(Instant.now())
                .sequenceNumber("0")
                .streamViewType("NEW_AND_OLD_IMAGES");
        if (event.equals("REMOVE")) {
            data.oldImage(item);
        } else {
            data.newImage(item);
        }
        AttributeValue id = item.get("id");
        return Record.builder()
                .eventID("render-" + (id != null && id.s() != null ? id.s() : "item"))
                .eventName(event)
                .eventSource("aws:dynamodb")
                .dynamodb(data.build())
                .build();
    }

    /** The dead letter with this eventID in the file store (or a file a stopped replay moved aside), or null. */
    static DeadLetter findDeadLetter(Path file, String eventId) throws IOException {
        List<Path> files = new ArrayList<>();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try (Stream<Path> siblings = Files.list(parent)) {
                siblings.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + ".replaying-"))
                        .sorted().forEach(files::add);
            }
        }
        files.add(file);
        DeadLetter found = null;
        for (Path path : files) {
            if (!Files.isRegularFile(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                try {
                    DeadLetter deadLetter = DeadLetter.fromJson(Json.MAPPER.readTree(line));
                    if (eventId.equals(deadLetter.eventId()) && deadLetter.record() != null) {
                        found = deadLetter; // the newest wins
                    }
                } catch (IOException | RuntimeException e) {
                    // not a dead letter (cut short, edited by hand): not this one
                }
            }
        }
        return found;
    }
}

package io.streamnotifier.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamnotifier.Masking;
import io.streamnotifier.NotifierCounters;
import io.streamnotifier.StreamNotifier;
import io.streamnotifier.config.DeadLetterSettings;
import io.streamnotifier.config.DeliverySettings;
import io.streamnotifier.config.IdempotencySettings;
import io.streamnotifier.config.SesSettings;
import io.streamnotifier.config.SettingValues;
import io.streamnotifier.config.StreamSettings;
import io.streamnotifier.config.TemplateSettings;
import io.streamnotifier.deadletter.DeadLetter;
import io.streamnotifier.deadletter.DeadLetterChannel;
import io.streamnotifier.deadletter.DeadLetterStore;
import io.streamnotifier.mail.EmailStep;
import io.streamnotifier.mail.TemplateCheck;
import io.streamnotifier.stream.StreamHeaders;
import io.streamnotifier.stream.StreamRecordJson;
import io.streamnotifier.stream.StreamRoutes;
import io.streamnotifier.stream.kcl.DdbStreamConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.apache.camel.support.ProcessorEndpoint;
import software.amazon.awssdk.services.dynamodb.model.Record;

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
            json = RenderInput.read(input);
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

    private static int render(String routeId, String input, JsonNode json, String event, Path dir, boolean open,
            PrintStream out) throws Exception {
        AtomicReference<Exchange> captured = new AtomicReference<>();
        List<DeadLetter> failures = Collections.synchronizedList(new ArrayList<>());
        // the service's set-up, as every command makes it
        Main main = StreamNotifier.camelMain();
        main.addOverrideProperty(IdempotencySettings.STORE.key(), "none");
        main.addOverrideProperty(SesSettings.ENDPOINT_URI.key(), CAPTURE);
        main.addOverrideProperty(SesSettings.MAX_SEND_RATE.key(), "0");
        main.addOverrideProperty(DeliverySettings.MAX_RECORD_AGE_SECONDS.key(), "0");
        main.addOverrideProperty(DeliverySettings.MAX_REDELIVERIES.key(), "0");
        main.addOverrideProperty(SesSettings.OUTAGE_AFTER_RECORDS.key(), "0");
        // render shows the given record's errors itself, with the template's file and line
        main.addOverrideProperty(TemplateSettings.CHECK_AT_START.key(), "false");
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
            // the service's channel is bound lazily (StoreConfiguration), and a lazy binding wins over a plain one of
            // the same name: unbind it first, or the route would write to the real store
            context.getRegistry().unbind("deadLetters");
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
        DdbStreamConsumer consumer = StreamRoutes.consumerOf(context, routeId);
        List<String> emailRoutes = EmailStep.of(context).stream().map(EmailStep::routeId)
                .distinct().toList();
        if (consumer == null || !emailRoutes.contains(routeId)) {
            System.err.println("render: no e-mail route " + routeId + " among the routes loaded (" + emailRoutes
                    + "); an example route is loaded with NOTIFIER_ROUTES, e.g. "
                    + "file:routes/*.camel.yaml,file:examples/routes/" + routeId + ".camel.yaml");
            return 2;
        }
        String table = StreamSettings.TABLE.string(SettingValues.of(context));
        Path deadLetterFile = Path.of(DeadLetterSettings.FILE.string(SettingValues.of(context)));
        Record record;
        if (json == null) {
            DeadLetter deadLetter = RenderInput.findDeadLetter(deadLetterFile, input);
            if (deadLetter == null) {
                System.err.println("render: " + input + " is neither a file nor the eventID of a dead letter in "
                        + deadLetterFile);
                return 2;
            }
            record = StreamRecordJson.fromJson(deadLetter.record());
            table = deadLetter.table() == null ? table : deadLetter.table();
            out.println("dead letter " + deadLetter.eventId() + " of route " + deadLetter.routeId() + " (failed: "
                    + deadLetter.errorMessage() + ")");
        } else {
            try {
                record = RenderInput.record(json, event);
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
        return RenderOutput.write(sent, dir, open, out);
    }
}

package io.streamnotifier.it;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.NotifierCounters;
import io.streamnotifier.mail.EmailRender;
import io.streamnotifier.mail.MimeComposer;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * CPU per call of the service's own steps on the hot path, on this thread (ThreadMXBean), without servers: the
 * render (shipped templates), the MIME composition (and its bytes), the counting and logging of a sent e-mail. For
 * before/after comparisons of a change to one of them on a loaded machine, where a benchmark's throughput is noise:
 * a thread's CPU time is not the wall clock. Run: {@code java -cp target/test-classes:target/stream-notifier.jar
 * io.streamnotifier.it.HotPathCost [ROUNDS] >/dev/null}; prints (on standard error: the log lines go to standard
 * output, as the service's do) the median and the lowest of the rounds, in microseconds.
 */
public final class HotPathCost {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private HotPathCost() {
    }

    interface Step {
        void run(int i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        EmailRender render = new EmailRender(io.streamnotifier.config.TemplateConfiguration.freemarker(java.nio.file.Path.of("templates"), "en-US", 0),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        EmailRender.Spec spec = new EmailRender.Spec("order-confirmation.ftlh", "order-confirmation.txt.ftl",
                "order-confirmation.subject.ftl", "Pinehead Records: Order Confirmation", "locale", "currency");
        Map<String, Object> model = model();
        EmailRender.Rendered rendered = render.render(spec, model, "order", null, "order-confirmation");

        NotifierCounters counters = new NotifierCounters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        DefaultCamelContext camel = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(StreamHeaders.TABLE, "Orders");
        exchange.getMessage().setHeader(StreamHeaders.EVENT_ID, "e-1");
        exchange.setProperty(StreamHeaders.ROUTE_PROPERTY, "order-confirmation");
        exchange.setProperty(StreamHeaders.RECORD_PROPERTY, software.amazon.awssdk.services.dynamodb.model.Record
                .builder().eventID("e-1").dynamodb(d -> d.approximateCreationDateTime(java.time.Instant.now())
                        .sequenceNumber("100")).build());

        Map<String, Step> steps = new LinkedHashMap<>();
        steps.put("render", i -> render.render(spec, model, "order", null, "order-confirmation"));
        steps.put("compose", i -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            MimeComposer.compose("Pinehead Records <orders@pinehead-records.example>", "jane" + i + "@example.com",
                    rendered.subject(), rendered.text(), rendered.html()).writeTo(bytes);
        });
        steps.put("counters.sent", i -> counters.sent(exchange));
        for (var step : steps.entrySet()) {
            double[] perCall = new double[rounds];
            for (int round = -2; round < rounds; round++) {
                int calls = 5_000;
                long start = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    step.getValue().run(i);
                }
                if (round >= 0) {
                    perCall[round] = (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / calls;
                }
            }
            Arrays.sort(perCall);
            System.err.printf(Locale.ROOT, "%-14s median %7.1f us, lowest %7.1f us a call%n", step.getKey(),
                    perCall[rounds / 2], perCall[0]);
        }
        System.exit(0);
    }

    private static Map<String, Object> model() {
        Map<String, Object> album = new LinkedHashMap<>();
        album.put("title", "Harvest");
        album.put("year", new BigDecimal("1972"));
        album.put("format", "LP");
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", "ORD-1");
        order.put("timestamp", "2026-11-25T10:15:00Z");
        order.put("email", "jane@example.com");
        order.put("amount", new BigDecimal("24.99"));
        order.put("album", album);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("order", order);
        body.put("event", Map.of("id", "e-1", "name", "INSERT"));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("body", body);
        return model;
    }
}

package io.streamnotifier.mail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import freemarker.core.ParseException;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateNotFoundException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamnotifier.Json;
import io.streamnotifier.Masking;
import io.streamnotifier.config.SettingValues;
import io.streamnotifier.config.TemplateSettings;
import io.streamnotifier.mail.EmailRender.Spec;
import io.streamnotifier.stream.ImageModel;
import io.streamnotifier.stream.StreamHeaders;
import io.streamnotifier.stream.StreamRecordJson;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the e-mail templates that the routes name: each {@code kamelet:notifier-email-render-action} step's HTML,
 * text and subject templates, and their translations in the templates directory ({@code order-confirmation_de.ftlh}
 * ...), are parsed and rendered against the route's sample record ({@code notifier.templates.sample-records}, default
 * {@code examples/records/ROUTE.json}, a stream record as DynamoDB Streams returns it). Without a sample record the
 * templates are only parsed, and that is said.
 * <p>
 * At start ({@link #atStart}) a problem stops the start with the template's file, line and FreeMarker's message; the
 * {@code check} command can call {@link #check(CamelContext)} and print the same lines. The steps are found by
 * {@link EmailStep#of(CamelContext)}.
 */
public final class TemplateCheck {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateCheck.class);

    private static final Pattern LOCALE_PART = Pattern.compile("([a-z]{2,3})(?:_([A-Z]{2}))?");

    /** A template that does not parse or render: its file, the line (0 if unknown) and FreeMarker's message. */
    public record Problem(String routeId, String file, int line, String message) {

        @Override
        public String toString() {
            return file + (line > 0 ? " line " + line : "") + " (route " + routeId + "): " + message;
        }
    }

    /** What was checked (one line each), what is wrong, and what could only be parsed. */
    public record Result(List<String> checked, List<Problem> problems, List<String> warnings) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private TemplateCheck() {
    }

    /**
     * The start's check (a StartupListener: before any route reads): logs what was checked, and throws with every
     * problem when a template is broken. Off with {@code notifier.templates.check-at-start=false}.
     */
    public static void atStart(CamelContext context) {
        if (!TemplateSettings.from(SettingValues.of(context)).checkAtStart()) {
            return;
        }
        Result result = check(context);
        result.warnings().forEach(LOG::warn);
        if (!result.ok()) {
            result.problems().forEach(p -> LOG.error("template check: {}", p));
            throw new IllegalStateException("template check failed: " + String.join("; ",
                    result.problems().stream().map(Problem::toString).toList()));
        }
        if (!result.checked().isEmpty()) {
            LOG.info("templates checked: {}", String.join("; ", result.checked()));
        }
    }

    /** Checks the templates of every e-mail step of the context's routes (the set-up of the running service). */
    public static Result check(CamelContext context) {
        Configuration templates = context.getRegistry().lookupByNameAndType("templateConfiguration",
                Configuration.class);
        TemplateSettings settings = TemplateSettings.from(SettingValues.of(context));
        return check(context, templates, settings.dir(), settings.sampleRecords(), EmailStep.of(context));
    }

    /** Checks the given steps' templates with a FreeMarker set-up, the templates directory and the sample records. */
    public static Result check(CamelContext context, Configuration templates, Path dir, Path records,
            List<EmailStep> steps) {
        EmailRender render = new EmailRender(templates, new SimpleMeterRegistry());
        List<String> checked = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (EmailStep step : steps) {
            Set<Locale> locales = new LinkedHashSet<>();
            locales.add(templates.getLocale());
            for (String name : step.spec().templates()) {
                locales.addAll(translations(dir, name));
            }
            Path sample = records.resolve(step.routeId() + ".json");
            Map<String, Object> model = null;
            if (Files.isRegularFile(sample)) {
                try {
                    model = model(context, sample, step.modelName());
                } catch (Exception e) {
                    problems.add(new Problem(step.routeId(), sample.toString(), 0,
                            "the sample record cannot be read: " + Masking.reason(e)));
                    continue;
                }
            } else {
                warnings.add("no sample record for route " + step.routeId() + " (" + sample + "): its templates "
                        + "are parsed, not rendered");
            }
            for (Locale locale : locales) {
                if (!locale.equals(templates.getLocale())) {
                    List<String> untranslated = untranslated(templates, step.spec(), locale);
                    if (!untranslated.isEmpty() && untranslated.size() < step.spec().templates().size()) {
                        warnings.add("route " + step.routeId() + ": " + String.join(", ", untranslated)
                                + " has no " + locale.toLanguageTag() + " translation; those e-mails mix languages");
                    }
                }
                try {
                    if (model == null) {
                        for (String name : step.spec().templates()) {
                            templates.getTemplate(name, locale);
                        }
                    } else {
                        render.render(step.spec(), model, step.modelName(), locale, step.routeId());
                    }
                    checked.add(step.routeId() + " " + locale.toLanguageTag() + ": " + String.join(", ",
                            step.spec().templates().stream().map(n -> describe(templates, render, n, locale))
                                    .toList()));
                } catch (Exception e) {
                    Problem problem = problem(step.routeId(), e);
                    if (!problems.contains(problem)) {
                        problems.add(problem);
                    }
                }
            }
        }
        return new Result(checked, problems, warnings);
    }

    /** The templates of a step that the look-up for this locale finds only as the default file. */
    private static List<String> untranslated(Configuration templates, Spec spec, Locale locale) {
        List<String> names = new ArrayList<>();
        for (String name : spec.templates()) {
            try {
                if (templates.getTemplate(name, locale).getSourceName().equals(name)) {
                    names.add(name);
                }
            } catch (IOException e) {
                // reported by the render below, with its file and line
            }
        }
        return names;
    }

    private static String describe(Configuration templates, EmailRender render, String name, Locale locale) {
        try {
            return render.describe(templates.getTemplate(name, locale)).toString();
        } catch (IOException e) {
            return name;
        }
    }

    /** The file, line and FreeMarker's message of a template failure. */
    public static Problem problem(String routeId, Exception e) {
        if (e instanceof ParseException parse) {
            return new Problem(routeId, parse.getTemplateName(), parse.getLineNumber(),
                    parse.getEditorMessage());
        }
        if (e instanceof TemplateNotFoundException missing) {
            return new Problem(routeId, missing.getTemplateName(), 0, "template not found in the templates "
                    + "directory (or a translation of it)");
        }
        if (e instanceof TemplateException template) {
            Integer line = template.getLineNumber();
            return new Problem(routeId, template.getTemplateSourceName(), line == null ? 0 : line,
                    template.getMessageWithoutStackTop().strip());
        }
        return new Problem(routeId, "(render)", 0, Masking.reason(e));
    }

    /** The locales of a template's translations in the directory: x_de.ftlh, x_de_AT.ftlh for x.ftlh. */
    static Set<Locale> translations(Path dir, String name) {
        Set<Locale> locales = new LinkedHashSet<>();
        String marker = "\u0000";
        String pattern = LocalizedTemplates.localizedName(name, marker);
        int at = pattern.indexOf(marker);
        String prefix = pattern.substring(0, at);
        String suffix = pattern.substring(at + 1);
        Path folder = dir.resolve(prefix).getParent();
        String filePrefix = Path.of(prefix).getFileName().toString();
        if (folder == null || !Files.isDirectory(folder)) {
            return locales;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith(filePrefix) && f.endsWith(suffix)
                            && f.length() > filePrefix.length() + suffix.length())
                    .sorted()
                    .forEach(f -> {
                        Matcher m = LOCALE_PART.matcher(f.substring(filePrefix.length(), f.length() - suffix.length()));
                        if (m.matches()) {
                            locales.add(new Locale(m.group(1), m.group(2) == null ? "" : m.group(2)));
                        }
                    });
        } catch (IOException e) {
            // an unreadable directory: the default templates are still checked
        }
        return locales;
    }

    /** The data model of a stream record file, as the route's source Kamelet makes it. */
    public static Map<String, Object> model(CamelContext context, Path recordFile, String modelName)
            throws Exception {
        JsonNode json = Json.MAPPER.readTree(recordFile.toFile());
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(StreamRecordJson.fromJson(json));
        exchange.getMessage().setHeader(ImageModel.MODEL_NAME, modelName);
        exchange.getMessage().setHeader(StreamHeaders.TABLE, "Orders");
        new ImageModel(modelName).process(exchange);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("body", exchange.getMessage().getBody());
        model.put("headers", exchange.getMessage().getHeaders());
        return model;
    }
}

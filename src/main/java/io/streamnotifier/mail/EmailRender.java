package io.streamnotifier.mail;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import freemarker.core.Environment;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamnotifier.InvalidRecordException;
import io.streamnotifier.stream.ImageModel;
import io.streamnotifier.stream.StreamHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.ses.Ses2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code render} step of the {@code notifier-email-render-action} Kamelet: chooses the templates for the
 * customer's language and renders the HTML part, the text part and the subject.
 * <p>
 * The locale comes from the order's locale attribute, when the route names one ({@code localeAttribute}): the
 * templates are looked up as {@code order-confirmation_de_DE.ftlh}, {@code order-confirmation_de.ftlh}, then
 * {@code order-confirmation.ftlh} ({@link LocalizedTemplates}), and money, numbers and dates are formatted for that
 * locale, money in the order's currency attribute. A locale that is not a language tag, or whose language has no
 * HTML template while the default template is in another language, falls back to the default locale
 * ({@code notifier.templates.locale}) and is counted ({@code notifier.templates.locale.fallback}). A missing or empty
 * attribute is the default locale, not counted.
 * <p>
 * The subject is the route's fixed {@code subject}, or its {@code subjectTemplate} rendered like the parts (same
 * look-up), with every value escaped by {@link MailHeader} and the result checked to be one line.
 * <p>
 * Each template file is described by its name and version ({@link TemplateVersions}); a newly loaded or reloaded
 * version is logged once.
 * <p>
 * Reads the headers the Kamelet sets ({@link #HTML_TEMPLATE} ...); writes variables {@code html} and {@code text},
 * header {@code CamelAwsSesSubject} and exchange property {@link #RENDERED} (the {@link Rendered} without the parts).
 */
public class EmailRender implements Processor, CamelContextAware {

    public static final String HTML_TEMPLATE = "NotifierHtmlTemplate";
    public static final String TEXT_TEMPLATE = "NotifierTextTemplate";
    public static final String SUBJECT_TEMPLATE = "NotifierSubjectTemplate";
    public static final String SUBJECT = "NotifierSubject";
    public static final String LOCALE_ATTRIBUTE = "NotifierLocaleAttribute";
    public static final String CURRENCY_ATTRIBUTE = "NotifierCurrencyAttribute";

    /** Exchange property: the {@link Rendered} of this record (locale, template files and versions). */
    public static final String RENDERED = "NotifierRendered";

    private static final Logger LOG = LoggerFactory.getLogger(EmailRender.class);

    /** What a route asks for: its templates, its fixed subject, and the attributes of locale and currency. */
    public record Spec(String htmlTemplate, String textTemplate, String subjectTemplate, String subject,
            String localeAttribute, String currencyAttribute) {

        public List<String> templates() {
            List<String> names = new ArrayList<>(List.of(htmlTemplate, textTemplate));
            if (subjectTemplate != null && !subjectTemplate.isBlank()) {
                names.add(subjectTemplate);
            }
            return names;
        }
    }

    /** One template file used: the name asked for, the file found, and its version. */
    public record TemplateFile(String name, String file, String version) {

        @Override
        public String toString() {
            return file + " (" + version + ")";
        }
    }

    /** A rendered e-mail; {@code fallback} tells why the customer's locale was not used (null when it was). */
    public record Rendered(String html, String text, String subject, Locale locale, String fallback,
            List<TemplateFile> templates) {
    }

    private final MeterRegistry registry;
    private final TemplateVersions versions = new TemplateVersions();
    private volatile Configuration templates;
    private volatile Configuration subjects;
    private CamelContext context;

    /** For the service: the FreeMarker set-up is the registry's {@code templateConfiguration}, taken at first use. */
    public EmailRender(MeterRegistry registry) {
        this.registry = registry;
    }

    public EmailRender(Configuration templates, MeterRegistry registry) {
        this.registry = registry;
        use(templates);
    }

    private void use(Configuration configuration) {
        Configuration subjectConfiguration = (Configuration) configuration.clone();
        // .ftl subject templates: every ${...} escaped as a header value (no line breaks)
        subjectConfiguration.setOutputFormat(MailHeader.INSTANCE);
        this.subjects = subjectConfiguration;
        this.templates = configuration;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    private Configuration templates() {
        if (templates == null) {
            synchronized (this) {
                if (templates == null) {
                    use(context.getRegistry().lookupByNameAndType("templateConfiguration", Configuration.class));
                }
            }
        }
        return templates;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        var message = exchange.getMessage();
        Spec spec = new Spec(message.getHeader(HTML_TEMPLATE, String.class), message.getHeader(TEXT_TEMPLATE,
                String.class), message.getHeader(SUBJECT_TEMPLATE, String.class), message.getHeader(SUBJECT,
                String.class), message.getHeader(LOCALE_ATTRIBUTE, String.class),
                message.getHeader(CURRENCY_ATTRIBUTE, String.class));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("body", message.getBody());
        model.put("headers", message.getHeaders());
        String modelName = message.getHeader(ImageModel.MODEL_NAME, "order", String.class);
        Rendered rendered = render(spec, model, modelName, null,
                String.valueOf(StreamHeaders.routeId(exchange)));
        exchange.setVariable("html", rendered.html());
        exchange.setVariable("text", rendered.text());
        message.setHeader(Ses2Constants.SUBJECT, rendered.subject());
        exchange.setProperty(RENDERED, new Rendered(null, null, rendered.subject(), rendered.locale(),
                rendered.fallback(), rendered.templates()));
        LOG.debug("rendered eventID={} in {} with {}", message.getHeader(StreamHeaders.EVENT_ID), rendered.locale(),
                rendered.templates());
    }

    /**
     * Renders the e-mail for a data model ({@code body} is the model of {@link ImageModel}, whose item is named
     * {@code modelName}). {@code forced}, when not null, is used instead of the item's locale attribute (the start
     * check renders each language's templates). {@code route} tags the fallback count.
     */
    public Rendered render(Spec spec, Map<String, Object> model, String modelName, Locale forced, String route)
            throws IOException, TemplateException {
        if (spec.htmlTemplate() == null || spec.textTemplate() == null) {
            throw new IllegalStateException("the render step needs an HTML and a text template; check the route");
        }
        Configuration config = templates();
        Map<?, ?> item = item(model, modelName);
        Locale defaultLocale = config.getLocale();
        Locale locale = defaultLocale;
        String fallback = null;
        if (forced != null) {
            locale = forced;
        } else if (spec.localeAttribute() != null && !spec.localeAttribute().isBlank()) {
            Object value = item == null ? null : item.get(spec.localeAttribute());
            if (value != null && !(value instanceof String text && text.isBlank())) {
                Locale wanted = LocalizedTemplates.parse(value);
                if (wanted == null) {
                    fallback = "invalid";
                } else {
                    Template html = config.getTemplate(spec.htmlTemplate(), wanted);
                    boolean localized = !html.getSourceName().equals(spec.htmlTemplate());
                    if (localized || wanted.getLanguage().equals(defaultLocale.getLanguage())) {
                        locale = wanted;
                    } else {
                        fallback = "no-template";
                    }
                }
                if (fallback != null) {
                    Counter.builder("notifier.templates.locale.fallback")
                            .description("E-mails rendered in the default locale because the record's locale is not a "
                                    + "language tag (invalid) or has no template (no-template)")
                            .tags("route", String.valueOf(route), "reason", fallback)
                            .register(registry).increment();
                    LOG.info("locale attribute '{}' {}: rendered in the default locale {}", spec.localeAttribute(),
                            fallback.equals("invalid") ? "is not a language tag" : "names a language without templates",
                            defaultLocale.toLanguageTag());
                }
            }
        }
        String currency = currency(spec, item);
        List<TemplateFile> used = new ArrayList<>();
        Map<String, Object> subjectModel = new LinkedHashMap<>(model);
        subjectModel.put("subject", spec.subject() == null ? "" : spec.subject());
        String html = process(config.getTemplate(spec.htmlTemplate(), locale), model, locale, currency, used);
        String text = process(config.getTemplate(spec.textTemplate(), locale), model, locale, currency, used);
        String subject;
        if (spec.subjectTemplate() != null && !spec.subjectTemplate().isBlank()) {
            subject = process(subjects.getTemplate(spec.subjectTemplate(), locale), subjectModel, locale, currency,
                    used);
        } else if (spec.subject() != null && !spec.subject().isBlank()) {
            subject = spec.subject();
        } else {
            throw new IllegalStateException("the render step needs a subject or a subject template; check the route");
        }
        return new Rendered(html, text, MailHeader.check(subject), locale, fallback, List.copyOf(used));
    }

    private static Map<?, ?> item(Map<String, Object> model, String modelName) {
        return model.get("body") instanceof Map<?, ?> body && body.get(modelName) instanceof Map<?, ?> item ? item
                : null;
    }

    /** The item's ISO 4217 currency code, or null when the route names none or the item has none. */
    private static String currency(Spec spec, Map<?, ?> item) {
        String attribute = spec.currencyAttribute();
        if (attribute == null || attribute.isBlank() || item == null || item.get(attribute) == null) {
            return null;
        }
        if (item.get(attribute) instanceof String code && code.strip().matches("[A-Za-z]{3}")) {
            try {
                return Currency.getInstance(code.strip().toUpperCase(Locale.ROOT)).getCurrencyCode();
            } catch (IllegalArgumentException e) {
                // not a currency: the reason below
            }
        }
        throw new InvalidRecordException("attribute '" + attribute + "' is not an ISO 4217 currency code");
    }

    private String process(Template template, Map<String, Object> model, Locale locale, String currency,
            List<TemplateFile> used) throws IOException, TemplateException {
        used.add(describe(template));
        StringWriter out = new StringWriter();
        Environment env = template.createProcessingEnvironment(model, out);
        env.setLocale(locale);
        if (currency != null) {
            env.setCustomAttribute(LocalizedTemplates.CURRENCY, currency);
        }
        env.process();
        return out.toString();
    }

    /** The template's file and version; a version not seen before for that file is logged. */
    public TemplateFile describe(Template template) {
        return versions.describe(template);
    }
}

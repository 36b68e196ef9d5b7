package io.streamnotifier.config;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.TemplateExceptionHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamnotifier.mail.EmailRender;
import io.streamnotifier.mail.LocalizedTemplates;
import io.streamnotifier.mail.TemplateCheck;
import io.streamnotifier.slack.SlackMrkdwn;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.slf4j.LoggerFactory;

/** The FreeMarker set-up, the render step, and the check of every template a route names at start. */
@Configuration
public class TemplateConfiguration extends AreaConfiguration {

    /** The class-path folder of the templates packaged in the jar. */
    public static final String PACKAGED_TEMPLATES = "templates";

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        // every template a route names parses and renders against the route's sample record, before any route reads
        camelContext.addStartupListener((context, alreadyStarted) -> TemplateCheck.atStart(context));
        build(camelContext, "emailRender");
    }

    /** The FreeMarker set-up used by the {@code freemarker:} steps: {@code *.ftlh} templates are HTML-escaped. */
    @BindToRegistry("templateConfiguration")
    public freemarker.template.Configuration templateConfiguration() throws IOException {
        TemplateSettings settings = TemplateSettings.from(values());
        return freemarker(settings.dir(), settings.locale(), settings.updateDelayMs());
    }

    /** The render step: templates for the customer's language, the parts and the subject. */
    @BindToRegistry(value = "emailRender", lazy = true)
    public EmailRender emailRender(@BeanInject("meterRegistry") PrometheusMeterRegistry meterRegistry) {
        return withContext(new EmailRender(meterRegistry));
    }

    /** The service's FreeMarker set-up for the templates of {@code dir} (then those packaged in the jar). */
    public static freemarker.template.Configuration freemarker(Path dir, String locale, long updateDelayMs)
            throws IOException {
        var config = new freemarker.template.Configuration(freemarker.template.Configuration.VERSION_2_3_34);
        config.setTemplateLoader(templateLoader(dir.toFile()));
        config.setDefaultEncoding("UTF-8");
        config.setOutputEncoding("UTF-8");
        config.setRecognizeStandardFileExtensions(true);
        config.setLocale(Locale.forLanguageTag(locale));
        config.setTemplateUpdateDelayMilliseconds(updateDelayMs);
        config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        // a template error names the expression, not the data; FreeMarker's own log would print the context
        config.setLogTemplateExceptions(false);
        config.setWrapUncheckedExceptions(true);
        config.setFallbackOnNullLoopVariable(false);
        config.setAPIBuiltinEnabled(false);
        config.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        // Slack message templates start with <#ftl output_format="SlackMrkdwn">: every ${...} is escaped as Slack's
        // mrkdwn requires (&, <, >). (Not by file name: Camel clones this configuration, and FreeMarker's per-name
        // template configurations stay bound to the original, failing every template they match.)
        config.setRegisteredCustomOutputFormats(List.of(SlackMrkdwn.INSTANCE));
        // the customer's language: _de_DE/_de/default look-up, ?string.@money, MailHeader subjects
        LocalizedTemplates.configure(config);
        return config;
    }

    /**
     * The templates of {@code dir} first, then those packaged in the jar ({@code templates/} on the class path): a
     * file replaces the packaged template of the same name. Not sticky, so a file added while the service runs
     * replaces the packaged one at the next update check.
     */
    static TemplateLoader templateLoader(File dir) throws IOException {
        TemplateLoader packaged = new ClassTemplateLoader(TemplateConfiguration.class, "/" + PACKAGED_TEMPLATES);
        if (!dir.exists()) {
            LoggerFactory.getLogger(TemplateConfiguration.class).info("no templates directory {} ({}): using the "
                    + "templates packaged in the jar", dir.getAbsolutePath(), TemplateSettings.DIR.name());
            return packaged;
        }
        if (!dir.isDirectory()) {
            throw new IllegalArgumentException(TemplateSettings.DIR.name() + " '" + dir.getAbsolutePath()
                    + "' is not a directory");
        }
        MultiTemplateLoader loader = new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(dir),
            packaged});
        loader.setSticky(false);
        return loader;
    }
}

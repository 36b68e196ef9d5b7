package io.streamnotifier.mail;

import java.io.IOException;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import freemarker.cache.TemplateLookupContext;
import freemarker.cache.TemplateLookupResult;
import freemarker.cache.TemplateLookupStrategy;
import freemarker.core.Environment;
import freemarker.core.OutputFormat;
import freemarker.core.TemplateFormatUtil;
import freemarker.core.TemplateNumberFormat;
import freemarker.core.TemplateNumberFormatFactory;
import freemarker.core.TemplateValueFormatException;
import freemarker.template.Configuration;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;

/**
 * What the FreeMarker set-up needs for templates in the customer's language:
 * <ul>
 * <li>the look-up: {@code order-confirmation.txt.ftl} for {@code de-DE} is searched as
 * {@code order-confirmation_de_DE.txt.ftl}, then {@code order-confirmation_de.txt.ftl}, then
 * {@code order-confirmation.txt.ftl} (the locale goes before the first dot of the file name, so the extension that
 * decides the escaping stays last);</li>
 * <li>the number format {@code @money} ({@code ${order.amount?string.@money}}): the amount in the currency that
 * {@link EmailRender} sets for the record (the order's currency attribute), written the way the locale writes money,
 * e.g. {@code 1.999,00 €} for {@code de-DE} and EUR;</li>
 * <li>the {@link MailHeader} output format of subject templates.</li>
 * </ul>
 */
public final class LocalizedTemplates {

    /** The {@link Environment} custom attribute with the record's ISO 4217 currency code. */
    static final String CURRENCY = "io.streamnotifier.currency";

    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*");

    private LocalizedTemplates() {
    }

    /** Sets the look-up, the {@code @money} format and the {@code MailHeader} output format on the configuration. */
    public static void configure(Configuration config) {
        config.setTemplateLookupStrategy(new LocaleBeforeExtension());
        Map<String, TemplateNumberFormatFactory> numberFormats = new HashMap<>(config.getCustomNumberFormats());
        numberFormats.put("money", MoneyFormatFactory.INSTANCE);
        config.setCustomNumberFormats(numberFormats);
        List<OutputFormat> outputFormats = new ArrayList<>(config.getRegisteredCustomOutputFormats());
        outputFormats.add(MailHeader.INSTANCE);
        config.setRegisteredCustomOutputFormats(outputFormats);
    }

    /**
     * The locale an attribute value names ({@code de-DE}, {@code de_DE}, {@code fr}), as language and country only;
     * null when it is not a language tag.
     */
    public static Locale parse(Object value) {
        if (!(value instanceof String text) || !TAG.matcher(text.strip()).matches()) {
            return null;
        }
        Locale locale = Locale.forLanguageTag(text.strip().replace('_', '-'));
        if (locale.getLanguage().isEmpty()) {
            return null;
        }
        return new Locale(locale.getLanguage(), locale.getCountry());
    }

    /** {@code name} with the locale part put before the first dot of its last path segment. */
    static String localizedName(String name, String localePart) {
        int slash = name.lastIndexOf('/');
        int dot = name.indexOf('.', slash + 1);
        return dot < 0 ? name + "_" + localePart : name.substring(0, dot) + "_" + localePart + name.substring(dot);
    }

    /** FreeMarker's look-up with the locale before the extension: _de_DE, then _de, then the name as given. */
    static final class LocaleBeforeExtension extends TemplateLookupStrategy {

        @Override
        public TemplateLookupResult lookup(TemplateLookupContext ctx) throws IOException {
            Locale locale = ctx.getTemplateLocale();
            String name = ctx.getTemplateName();
            if (locale != null && !locale.getLanguage().isEmpty()) {
                List<String> parts = new ArrayList<>();
                if (!locale.getCountry().isEmpty()) {
                    parts.add(locale.getLanguage() + "_" + locale.getCountry());
                }
                parts.add(locale.getLanguage());
                for (String part : parts) {
                    TemplateLookupResult found = ctx.lookupWithAcquisitionStrategy(localizedName(name, part));
                    if (found.isPositive()) {
                        return found;
                    }
                }
            }
            return ctx.lookupWithAcquisitionStrategy(name);
        }
    }

    /** {@code @money}: the record's currency (else the locale's, else US dollars) in the locale's money format. */
    static final class MoneyFormatFactory extends TemplateNumberFormatFactory {

        static final MoneyFormatFactory INSTANCE = new MoneyFormatFactory();

        @Override
        public TemplateNumberFormat get(String params, Locale locale, Environment env)
                throws TemplateValueFormatException {
            TemplateFormatUtil.checkHasNoParameters(params);
            Object code = env == null ? null : env.getCustomAttribute(CURRENCY);
            Currency currency;
            if (code instanceof String text && !text.isBlank()) {
                currency = Currency.getInstance(text);
            } else {
                currency = localCurrency(locale);
            }
            NumberFormat format = NumberFormat.getCurrencyInstance(locale);
            format.setCurrency(currency);
            format.setMinimumFractionDigits(currency.getDefaultFractionDigits());
            format.setMaximumFractionDigits(currency.getDefaultFractionDigits());
            return new MoneyFormat(format, currency);
        }

        private static Currency localCurrency(Locale locale) {
            try {
                if (!locale.getCountry().isEmpty()) {
                    return Currency.getInstance(locale);
                }
            } catch (IllegalArgumentException e) {
                // a country without a currency of its own: the default below
            }
            return Currency.getInstance("USD");
        }
    }

    private static final class MoneyFormat extends TemplateNumberFormat {

        private final NumberFormat format;
        private final Currency currency;

        MoneyFormat(NumberFormat format, Currency currency) {
            this.format = format;
            this.currency = currency;
        }

        @Override
        public String formatToPlainText(TemplateNumberModel number)
                throws TemplateModelException, freemarker.core.UnformattableValueException {
            Number value = TemplateFormatUtil.getNonNullNumber(number);
            synchronized (format) {
                return format.format(value);
            }
        }

        @Override
        public boolean isLocaleBound() {
            return true;
        }

        @Override
        public String getDescription() {
            return "money in " + currency.getCurrencyCode();
        }
    }
}

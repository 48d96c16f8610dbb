package ru.berezhno.server.pages;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.AbstractMessageResolver;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import java.text.NumberFormat;

/**
 * Renders the web pages with Thymeleaf: templates under {@code templates/pages/}, every value
 * escaped unless a template says otherwise (none does), texts from the {@code templates/pages}
 * bundle in Russian or English.
 */
public final class PageRenderer {
    static final String BUNDLE = "ru.berezhno.server.templates.pages";

    private final TemplateEngine engine = new TemplateEngine();

    public PageRenderer() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(PageRenderer.class.getClassLoader());
        resolver.setPrefix("ru/berezhno/server/templates/pages/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        engine.setMessageResolver(new BundleMessageResolver());
    }

    /** A page in a language ({@code en}, otherwise Russian) with its model. */
    public String render(String template, String language, Map<String, Object> model) {
        Context context = new Context(locale(language), model);
        context.setVariable("lang", "en".equals(language) ? "en" : "ru");
        return engine.process(template, context);
    }

    /** A text of the pages' bundle, for code that builds models. */
    public static String text(String language, String key, Object... arguments) {
        ResourceBundle bundle = bundle(language);
        String pattern = bundle.getString(key);
        return arguments.length == 0 ? pattern : new MessageFormat(pattern, locale(language)).format(arguments);
    }

    /** A text of the pages' bundle, or the fallback when the bundle has none (for names that plugins bring). */
    public static String label(String language, String key, String fallback) {
        ResourceBundle bundle = bundle(language);
        return bundle.containsKey(key) ? bundle.getString(key) : fallback;
    }

    /** A number as people of the language write it, with at most two decimals (a comma in Russian). */
    public static String decimal(String language, double value) {
        NumberFormat format = NumberFormat.getNumberInstance(locale(language));
        format.setMaximumFractionDigits(2);
        format.setGroupingUsed(false);
        return format.format(value);
    }

    /** A whole number as people of the language write it ("1 000" in Russian). */
    public static String integer(String language, long value) {
        return NumberFormat.getIntegerInstance(locale(language)).format(value);
    }

    static Locale locale(String language) {
        return "en".equals(language) ? Locale.ENGLISH : Locale.forLanguageTag("ru");
    }

    static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle(BUNDLE, locale(language), PageRenderer.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Messages for {@code #{…}} from one bundle for every template; a missing key fails loudly in tests. */
    private static final class BundleMessageResolver extends AbstractMessageResolver {
        @Override
        public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] arguments) {
            // Numbers in the page's language ("1 000" in Russian), not in the base bundle's root locale ("1,000").
            Locale locale = context.getLocale();
            ResourceBundle bundle = bundle(locale.getLanguage());
            try {
                String pattern = bundle.getString(key);
                return arguments == null || arguments.length == 0 ? pattern : new MessageFormat(pattern, locale).format(arguments);
            }
            catch (MissingResourceException e) {
                return null;
            }
        }

        @Override
        public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key, Object[] arguments) {
            throw new IllegalStateException("no text '" + key + "' in " + BUNDLE);
        }
    }
}

package ru.berezhno.core.errors;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing texts from the {@code ru.berezhno.core.messages} bundle: Russian by default,
 * English for callers who prefer it.
 */
public final class Messages {
    public static final Locale RUSSIAN = Locale.forLanguageTag("ru");
    private static final String BUNDLE = "ru.berezhno.core.messages";

    private final ResourceBundle bundle;
    private final Locale locale;

    private Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Messages in English when the language is {@code en}, otherwise in Russian. */
    public static Messages forLanguage(String language) {
        return new Messages("en".equals(language) ? Locale.ENGLISH : RUSSIAN);
    }

    public String language() {
        return locale.getLanguage();
    }

    public String format(String key, List<Object> arguments) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        }
        catch (MissingResourceException e) {
            throw new IllegalStateException("no message '" + key + "' in " + BUNDLE + " for " + locale, e);
        }
        // Texts that plugins bring in both languages are shown in the caller's.
        Object[] values = arguments.stream()
                .map(argument -> argument instanceof ru.berezhno.spi.LocalizedText text ? text.in(locale.getLanguage()) : argument)
                .toArray();
        return values.length == 0 ? pattern : new MessageFormat(pattern, locale).format(values);
    }

    public String format(String key, Object... arguments) {
        return format(key, List.of(arguments));
    }
}

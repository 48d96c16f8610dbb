package ru.berezhno.spi;

import static java.util.Objects.requireNonNull;

/** A text in Russian (always present) and English (may be absent, then Russian is shown). */
public record LocalizedText(String ru, String en) {
    public LocalizedText {
        requireNonNull(ru, "ru is null");
    }

    /** The text for a language tag ({@code "en"} or anything else for Russian). */
    public String in(String language) {
        return "en".equals(language) && en != null ? en : ru;
    }
}

package ru.berezhno.spi;

import java.util.Locale;

/** The kinds of question a definition may contain, and the Java type of their answers. */
public enum QuestionType {
    /** An integer from {@code min} to {@code max}, each level labelled; answered as {@link Long}. */
    SCALE,
    /** One option id; answered as {@link String}. */
    SINGLE,
    /** A set of option ids; answered as a {@link java.util.List} of distinct {@link String}s. */
    MULTIPLE,
    /** A number within optional bounds; answered as {@link Long}, or {@link java.math.BigDecimal} when decimals are allowed. */
    NUMBER,
    /** Free text up to {@code maxLength} characters; answered as {@link String}. */
    TEXT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

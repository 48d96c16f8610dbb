package ru.berezhno.core.responses;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Numbers from outside (page forms, JSON, NDJSON imports) within bounds that are checked before any
 * arithmetic: a few dozen digits and a power of ten of a few dozen either way. {@code 1e600000000}
 * is a valid number to {@link BigDecimal}, and cheap to parse, but turning it into an integer or
 * comparing it with a bound builds a number of six hundred million digits; it is refused here as
 * text would be, so that a 300-byte form cannot cost minutes of CPU.
 */
public final class BoundedNumbers {
    /** The most digits a number may have, before and after the point together. */
    public static final int MAX_DIGITS = 30;
    /** The largest power of ten, either way, a number may reach. */
    public static final int MAX_MAGNITUDE = 30;
    private static final int MAX_TEXT = 2 * MAX_DIGITS + 8;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,30}(\\.\\d{1,30})?([eE][+-]?\\d{1,3})?");

    private BoundedNumbers() {
    }

    /**
     * A number written as people and programs write them ({@code 12}, {@code -0.5}, {@code 1e3}),
     * or empty when the text is not one or is out of bounds; only the length and the shape are
     * looked at before the number is made.
     */
    public static Optional<BigDecimal> parse(String text) {
        if (text == null || text.length() > MAX_TEXT || !DECIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal(text);
        return bounded(value) ? Optional.of(value) : Optional.empty();
    }

    /**
     * Whether a number is within bounds: at most {@link #MAX_DIGITS} significant digits, at most
     * {@link #MAX_MAGNITUDE} digits before the point, and its last digit at most {@link #MAX_DIGITS}
     * places from it either way.
     * Reads only the precision and scale, never the value.
     */
    public static boolean bounded(BigDecimal value) {
        if (value.signum() == 0) {
            return Math.abs((long) value.scale()) <= MAX_DIGITS;
        }
        long magnitude = (long) value.precision() - value.scale();
        return value.precision() <= MAX_DIGITS && Math.abs(magnitude) <= MAX_MAGNITUDE && Math.abs((long) value.scale()) <= MAX_DIGITS;
    }
}

package ru.berezhno.spi;

import static java.util.Objects.requireNonNull;

/**
 * Something in a group that deserves attention: of a {@code kind} such as {@code low} or
 * {@code decline}, about a {@code subject} such as a scale id, with the value now, the value in the
 * period before (or null), and the p-value of the change (or null).
 */
@Experimental
public record Finding(String kind, String subject, double value, Double previousValue, Double p) {
    public Finding {
        requireNonNull(kind, "kind is null");
        requireNonNull(subject, "subject is null");
    }
}

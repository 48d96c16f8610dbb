package ru.berezhno.spi;

import static java.util.Objects.requireNonNull;

/** An option of a {@code single} or {@code multiple} question. */
public record Option(String id, LocalizedText label) {
    public Option {
        requireNonNull(id, "id is null");
        requireNonNull(label, "label is null");
    }
}

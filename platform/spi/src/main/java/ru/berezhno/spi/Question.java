package ru.berezhno.spi;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A question of a definition. Which fields are set depends on the type: {@code scale} has integer
 * {@code min}, {@code max} and a label per level; {@code number} has optional bounds and a number of
 * decimals; {@code single} and {@code multiple} have options; {@code text} has a maximum length.
 * {@code reverse} marks a reverse-keyed scale item; {@code attributes} hold kind-specific settings.
 */
public record Question(
        String id,
        QuestionType type,
        boolean required,
        LocalizedText text,
        LocalizedText help,
        BigDecimal min,
        BigDecimal max,
        int decimals,
        Map<Integer, LocalizedText> labels,
        List<Option> options,
        int maxLength,
        boolean reverse,
        Map<String, Object> attributes) {

    public Question {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        requireNonNull(text, "text is null");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? List.of() : List.copyOf(options);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The lowest level of a {@code scale}. */
    public int scaleMin() {
        return min.intValueExact();
    }

    /** The highest level of a {@code scale}. */
    public int scaleMax() {
        return max.intValueExact();
    }

    public boolean hasOption(String optionId) {
        return options.stream().anyMatch(option -> option.id().equals(optionId));
    }
}

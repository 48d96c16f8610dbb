package ru.berezhno.spi;

import static java.util.Objects.requireNonNull;

/**
 * A problem with a response that only its kind can see, such as an audit item given both a score
 * and a problem count. {@code field} is the JSON path of the field at fault
 * ({@code answers.sort_1}); {@code message} is shown to the user next to it.
 */
public record AnswerProblem(String field, LocalizedText message) {
    public AnswerProblem {
        requireNonNull(field, "field is null");
        requireNonNull(message, "message is null");
    }
}

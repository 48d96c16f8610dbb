package ru.berezhno.core.errors;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One problem with one field of a request: the JSON path of the field ({@code answers.queue_time}),
 * the message key in the {@code messages} bundle and its arguments, and for line-based bodies the
 * 1-based line.
 */
public record FieldError(String field, String messageKey, List<Object> arguments, Integer line) {
    public FieldError {
        requireNonNull(field, "field is null");
        requireNonNull(messageKey, "messageKey is null");
        arguments = List.copyOf(arguments);
    }

    public static FieldError of(String field, String messageKey, Object... arguments) {
        return new FieldError(field, messageKey, List.of(arguments), null);
    }

    /** A problem whose message a plugin wrote, in both languages. */
    public static FieldError text(String field, ru.berezhno.spi.LocalizedText message) {
        return new FieldError(field, "error.text", List.of(message), null);
    }

    public FieldError atLine(int lineNumber) {
        return new FieldError(field, messageKey, arguments, lineNumber);
    }
}

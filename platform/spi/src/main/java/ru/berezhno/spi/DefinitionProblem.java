package ru.berezhno.spi;

import static java.util.Objects.requireNonNull;

/**
 * A problem found in a definition: where ({@code sections[1].questions[0].max}) and what.
 * Messages are for the people who write definitions.
 */
public record DefinitionProblem(String path, String message) {
    public DefinitionProblem {
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
    }
}

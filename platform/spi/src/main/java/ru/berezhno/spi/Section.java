package ru.berezhno.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A titled group of questions; {@code attributes} hold kind-specific settings (a scale's id, for example). */
public record Section(String id, LocalizedText title, List<Question> questions, java.util.Map<String, Object> attributes) {
    public Section {
        requireNonNull(id, "id is null");
        questions = List.copyOf(questions);
        attributes = attributes == null ? java.util.Map.of() : java.util.Map.copyOf(attributes);
    }
}

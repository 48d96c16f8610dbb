package ru.berezhno.spi;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of an instrument's definition, as loaded from a file. {@code options} hold the
 * kind-specific settings as plain JSON-like values (maps, lists, strings, numbers, booleans).
 */
public record SurveyDefinition(
        String id,
        int version,
        String kind,
        String audience,
        LocalizedText title,
        LocalizedText description,
        List<Section> sections,
        Map<String, Object> options) {

    public SurveyDefinition {
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(audience, "audience is null");
        requireNonNull(title, "title is null");
        sections = List.copyOf(sections);
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Every question, in order, across sections. */
    public List<Question> questions() {
        return sections.stream().flatMap(section -> section.questions().stream()).toList();
    }

    public Optional<Question> question(String questionId) {
        return questions().stream().filter(question -> question.id().equals(questionId)).findFirst();
    }
}

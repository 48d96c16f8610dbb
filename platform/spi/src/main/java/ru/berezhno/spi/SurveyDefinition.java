package ru.berezhno.spi;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of an instrument's definition, as loaded from a file. {@code options} hold the
 * kind-specific settings as plain JSON-like values (maps, lists, strings, numbers, booleans).
 * Immutable; questions are indexed by id once, as they are looked up for every answer.
 */
public final class SurveyDefinition {
    private final String id;
    private final int version;
    private final String kind;
    private final String audience;
    private final Periods periods;
    private final LocalizedText title;
    private final LocalizedText description;
    private final List<Section> sections;
    private final Map<String, Object> options;
    private final List<Question> questions;
    private final Map<String, Question> questionsById;

    /** How responses are grouped in time: by the calendar quarter they came in, or by a round opened and closed by hand. */
    public enum Periods {
        QUARTERS, ROUNDS
    }

    public SurveyDefinition(String id, int version, String kind, String audience, Periods periods, LocalizedText title,
            LocalizedText description, List<Section> sections, Map<String, Object> options) {
        this.id = requireNonNull(id, "id is null");
        this.version = version;
        this.kind = requireNonNull(kind, "kind is null");
        this.audience = requireNonNull(audience, "audience is null");
        this.periods = requireNonNull(periods, "periods is null");
        this.title = requireNonNull(title, "title is null");
        this.description = description;
        this.sections = List.copyOf(sections);
        this.options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.questions = this.sections.stream().flatMap(section -> section.questions().stream()).toList();
        Map<String, Question> byId = new LinkedHashMap<>();
        questions.forEach(question -> byId.put(question.id(), question));
        this.questionsById = Collections.unmodifiableMap(byId);
    }

    public String id() {
        return id;
    }

    public int version() {
        return version;
    }

    public String kind() {
        return kind;
    }

    public String audience() {
        return audience;
    }

    public Periods periods() {
        return periods;
    }

    public LocalizedText title() {
        return title;
    }

    /** The description, or null. */
    public LocalizedText description() {
        return description;
    }

    public List<Section> sections() {
        return sections;
    }

    public Map<String, Object> options() {
        return options;
    }

    /** Every question, in order, across sections. */
    public List<Question> questions() {
        return questions;
    }

    public Optional<Question> question(String questionId) {
        return Optional.ofNullable(questionsById.get(questionId));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SurveyDefinition that && version == that.version && id.equals(that.id) && kind.equals(that.kind)
                && audience.equals(that.audience) && periods == that.periods && title.equals(that.title) && Objects.equals(description, that.description)
                && sections.equals(that.sections) && options.equals(that.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version);
    }

    @Override
    public String toString() {
        return "SurveyDefinition[" + id + " v" + version + ", kind " + kind + "]";
    }
}

package ru.berezhno.spi;

import java.util.List;
import java.util.Map;

/**
 * One kind of instrument (a survey, an audit, a scoresheet). The platform validates the generic
 * structure of a definition and each answer against its question; the kind adds what is specific
 * to it. Implementations must be stateless and thread-safe: they are called concurrently.
 */
public interface InstrumentKind {
    /** A short, stable, lowercase id, used as {@code kind} in definitions. */
    String id();

    /**
     * Checks what this kind needs of a definition that already passed the generic checks.
     * Problems name a path inside the definition, such as {@code options.criteria[2]}.
     */
    default List<DefinitionProblem> validate(SurveyDefinition definition) {
        return List.of();
    }

    /**
     * Scores one valid response. Values are numbers or short strings (a band, for example);
     * the order of the map is the order shown to users.
     */
    default Map<String, Object> score(SurveyDefinition definition, Response response) {
        return Map.of();
    }

    /**
     * Whole-number values derived from one valid response that this kind's indices need counted,
     * such as a scale's total for respondents who answered all its items. The platform counts them
     * exactly as answers, so that {@link ResponseGroup#valueCounts} gives their distribution under
     * the same name. Names must not collide with question ids; by convention they contain a dot.
     */
    default Map<String, Long> derivedValues(SurveyDefinition definition, Response response) {
        return Map.of();
    }

    /**
     * Computes this kind's indices over a group of valid responses, possibly answering several
     * versions of the definition. Returns an empty map when the group is empty.
     */
    default Map<String, IndexValue> indices(SurveyDefinition definition, ResponseGroup group, Statistics statistics) {
        return Map.of();
    }

    /**
     * What deserves attention in one organisation's group, compared with its group of the period
     * before ({@code previous} is null when there is none or it is too small to show): problem
     * areas, significant declines, promising directions. Empty for kinds that have none.
     */
    @Experimental
    default List<Finding> findings(SurveyDefinition definition, ResponseGroup current, ResponseGroup previous, Statistics statistics) {
        return List.of();
    }
}

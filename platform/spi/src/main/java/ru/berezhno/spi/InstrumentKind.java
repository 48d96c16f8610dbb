package ru.berezhno.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Checks of a response across its answers that the per-question checks of the platform cannot
     * express. Called only for a response whose answers each passed their question's checks; a
     * response with any problem is refused and nothing of it is stored.
     */
    default List<AnswerProblem> check(SurveyDefinition definition, Response response) {
        return List.of();
    }

    /**
     * For attributed responses (audits, scoresheets, reports, given under a name): what the response
     * is about within its organisation, such as an audited workplace. Responses about the same
     * subject form its history, and each is compared with the one before. Empty when the kind has no
     * subjects.
     */
    @Experimental
    default Optional<String> subject(SurveyDefinition definition, Response response) {
        return Optional.empty();
    }

    /** The findings of one attributed response that become corrective actions; empty for most kinds. */
    @Experimental
    default List<CorrectiveAction> actions(SurveyDefinition definition, Response response) {
        return List.of();
    }
}

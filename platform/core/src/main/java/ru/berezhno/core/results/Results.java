package ru.berezhno.core.results;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The results of a survey, as the API returns them.
 *
 * @param responses the responses of everything asked for, or null when that total is withheld
 *                  (shown, it would give a withheld group away)
 */
public record Results(String survey, Long responses, List<Group> groups) {

    /**
     * One group. When {@code suppressed}, it is withheld: too small, or withheld so that totals do
     * not give a small one away; nothing is shown of it, its size included, and {@code questions}
     * and {@code indices} are absent. A group of a round still open ({@code roundOpen}) shows only
     * its responses rounded down to a multiple of five, until the round is closed.
     */
    public record Group(String organization, String period, @JsonInclude(JsonInclude.Include.NON_NULL) Long responses, boolean suppressed,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean roundOpen,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, QuestionResult> questions,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, IndexResult> indices) {
        /** A group withheld whole. */
        static Group withheld(String organization, String period) {
            return new Group(organization, period, null, true, null, null, null);
        }
    }

    /**
     * Figures for one question; which are present depends on its type. When {@code withheld}, too
     * few answered it in this group (or the rest would give such a group away), and nothing else is
     * present.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QuestionResult(Long n, Double mean, Double sd, List<Double> ci95, Map<String, Long> distribution, List<String> comments,
            Boolean withheld) {
        static final QuestionResult WITHHELD = new QuestionResult(null, null, null, null, null, null, true);
    }

    /** An index with its 95% interval. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IndexResult(double value, List<Double> ci95) {
    }
}

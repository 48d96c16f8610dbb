package ru.berezhno.core.results;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The results of a survey, as the API returns them. */
public record Results(String survey, long responses, List<Group> groups) {

    /**
     * One group. When {@code suppressed}, it has too few responses to show anything but its size,
     * and {@code questions} and {@code indices} are absent.
     */
    public record Group(String organization, String period, long responses, boolean suppressed,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, QuestionResult> questions,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, IndexResult> indices) {
    }

    /** Figures for one question; which are present depends on its type. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QuestionResult(long n, Double mean, Double sd, List<Double> ci95, Map<String, Long> distribution, List<String> comments) {
    }

    /** An index with its 95% interval. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IndexResult(double value, List<Double> ci95) {
    }
}

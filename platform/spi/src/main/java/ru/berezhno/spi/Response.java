package ru.berezhno.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A valid response as plugins see it. Answers use the Java types of {@link QuestionType}; an
 * unanswered optional question is absent. {@code period} is a coarse period (a calendar quarter
 * such as {@code 2026-Q4}, or a round), never a precise time.
 */
public record Response(
        String surveyId,
        int definitionVersion,
        String organization,
        String period,
        Map<String, Object> answers) {

    public Response {
        requireNonNull(surveyId, "surveyId is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(period, "period is null");
        answers = Map.copyOf(answers);
    }
}

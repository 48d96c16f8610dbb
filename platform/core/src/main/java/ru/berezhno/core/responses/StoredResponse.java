package ru.berezhno.core.responses;

import static java.util.Objects.requireNonNull;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import ru.berezhno.spi.Response;

/**
 * A response as stored: a random id, the survey and the definition version answered, the
 * organisation, a coarse period and the answers. For an anonymous survey nothing else is kept: no
 * time, no address, no identifier of the respondent. An attributed response (an audit, a
 * scoresheet) also records its {@code author}'s name, the instant it was {@code submittedAt}, and
 * the {@code subject} it is about, when its kind names one; these three are null otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredResponse(String id, String survey, int version, String organization, String period, Map<String, Object> answers,
        String author, String submittedAt, String subject) {
    public StoredResponse {
        requireNonNull(id, "id is null");
        requireNonNull(survey, "survey is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(period, "period is null");
        answers = Map.copyOf(answers);
    }

    /** An anonymous response. */
    public StoredResponse(String id, String survey, int version, String organization, String period, Map<String, Object> answers) {
        this(id, survey, version, organization, period, answers, null, null, null);
    }

    public boolean attributed() {
        return author != null;
    }

    public Response toResponse() {
        return new Response(survey, version, organization, period, answers);
    }
}

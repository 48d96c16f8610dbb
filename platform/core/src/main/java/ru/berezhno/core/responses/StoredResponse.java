package ru.berezhno.core.responses;

import static java.util.Objects.requireNonNull;

import java.util.Map;

import ru.berezhno.spi.Response;

/**
 * A response as stored: a random id, the survey and the definition version answered, the
 * organisation, a coarse period and the answers. Nothing else is kept: no time, no address,
 * no identifier of the respondent.
 */
public record StoredResponse(String id, String survey, int version, String organization, String period, Map<String, Object> answers) {
    public StoredResponse {
        requireNonNull(id, "id is null");
        requireNonNull(survey, "survey is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(period, "period is null");
        answers = Map.copyOf(answers);
    }

    public Response toResponse() {
        return new Response(survey, version, organization, period, answers);
    }
}

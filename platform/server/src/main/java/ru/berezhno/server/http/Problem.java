package ru.berezhno.server.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error body of the API (RFC 9457 {@code application/problem+json}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldProblem> errors, String correlationId) {

    /** One bad field; {@code line} is set for line-based bodies. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldProblem(String field, String message, Integer line) {
    }
}

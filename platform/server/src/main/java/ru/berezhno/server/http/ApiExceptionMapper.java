package ru.berezhno.server.http;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import ru.berezhno.core.errors.ApiException;

/** Our own errors, each with its code, as problems. */
public final class ApiExceptionMapper implements ExceptionMapper<ApiException> {
    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(ApiException exception) {
        return Problems.response(exception, headers);
    }
}

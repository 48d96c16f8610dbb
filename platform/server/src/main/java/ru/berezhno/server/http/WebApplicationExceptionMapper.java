package ru.berezhno.server.http;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;

/** Jersey's own errors (unknown path, wrong method or content type) as problems, never as HTML. */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    private static final Logger LOG = LoggerFactory.getLogger(WebApplicationExceptionMapper.class);

    @Context
    private HttpHeaders headers;
    @Context
    private Request request;

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        ApiException problem = switch (status) {
            case 400 -> new ApiException(ErrorCode.INVALID_REQUEST, "detail.malformedJsonNoLocation");
            case 401 -> new ApiException(ErrorCode.UNAUTHORIZED, "detail.tokenRequired");
            case 403 -> new ApiException(ErrorCode.FORBIDDEN, "detail.tokenInvalid");
            case 404 -> new ApiException(ErrorCode.NOT_FOUND, "detail.notFound");
            case 405 -> new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "detail.methodNotAllowed", request == null ? "?" : request.getMethod());
            case 406 -> new ApiException(ErrorCode.NOT_ACCEPTABLE, "detail.notAcceptable");
            case 413 -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "detail.payloadTooLarge", RequestBodies.MAX_JSON_BYTES);
            case 415 -> new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "detail.unsupportedMediaType", "application/json");
            default -> null;
        };
        if (problem == null) {
            if (status >= 500) {
                return new ThrowableMapper().toResponse(exception, headers);
            }
            LOG.debug("Passing through a {} from Jersey", status, exception);
            return Problems.response(new ApiException(ErrorCode.INVALID_REQUEST, "detail.malformedJsonNoLocation"), headers);
        }
        Response response = Problems.response(problem, headers);
        if (exception instanceof NotAllowedException) {
            return Response.fromResponse(response).allow(exception.getResponse().getAllowedMethods()).build();
        }
        return response;
    }
}

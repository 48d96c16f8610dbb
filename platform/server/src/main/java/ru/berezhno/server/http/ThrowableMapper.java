package ru.berezhno.server.http;

import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything unexpected: a 500 whose body carries only a correlation id, and the same id in the log
 * beside the stack trace. A page request (outside {@code /api/}, from a browser that takes HTML) is
 * answered with the failure page instead, which says whether the answer was saved.
 */
public final class ThrowableMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ThrowableMapper.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FailurePage failurePage;

    @Context
    private HttpHeaders headers;
    @Context
    private UriInfo uri;
    @Context
    private Request request;

    /** Problem bodies only. */
    public ThrowableMapper() {
        this(null);
    }

    /** Problem bodies for the API, {@code failurePage} for pages. */
    public ThrowableMapper(FailurePage failurePage) {
        this.failurePage = failurePage;
    }

    @Override
    public Response toResponse(Throwable exception) {
        if (failurePage != null && uri != null && headers != null && !uri.getPath().startsWith("api/") && takesHtml(headers)) {
            return failurePage.render(headers, !"GET".equals(request.getMethod()), logged(exception));
        }
        return toResponse(exception, headers);
    }

    private static boolean takesHtml(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().anyMatch(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType());
    }

    Response toResponse(Throwable exception, HttpHeaders requestHeaders) {
        return Problems.internal(logged(exception), requestHeaders);
    }

    /** Logs an unexpected failure under a new correlation id, and returns the id. */
    public static String logged(Throwable exception) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String correlationId = HexFormat.of().formatHex(bytes);
        LOG.error("Internal error, correlation id {}", correlationId, exception);
        return correlationId;
    }
}

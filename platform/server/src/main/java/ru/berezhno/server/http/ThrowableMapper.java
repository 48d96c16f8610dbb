package ru.berezhno.server.http;

import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything unexpected: a 500 whose body carries only a correlation id, and the same id in the log
 * beside the stack trace.
 */
public final class ThrowableMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ThrowableMapper.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Context
    private HttpHeaders headers;

    @Override
    public Response toResponse(Throwable exception) {
        return toResponse(exception, headers);
    }

    Response toResponse(Throwable exception, HttpHeaders requestHeaders) {
        return Problems.internal(logged(exception), requestHeaders);
    }

    /** Logs an unexpected failure under a new correlation id, and returns the id. */
    static String logged(Throwable exception) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String correlationId = HexFormat.of().formatHex(bytes);
        LOG.error("Internal error, correlation id {}", correlationId, exception);
        return correlationId;
    }
}

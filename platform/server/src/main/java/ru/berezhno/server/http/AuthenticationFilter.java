package ru.berezhno.server.http;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.TokenService;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;

/**
 * Resolves an {@code Authorization: Bearer …} token to a principal, kept as the request property
 * {@link #PRINCIPAL}. A request without a token goes on anonymously; a token that is not valid is
 * refused at once, so that a mistyped token is never mistaken for anonymity.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
    public static final String PRINCIPAL = "berezhno.principal";
    private static final String BEARER = "Bearer ";

    private final TokenService tokens;

    public AuthenticationFilter(TokenService tokens) {
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "detail.tokenInvalid");
        }
        Optional<Principal> principal = tokens.authenticate(header.substring(BEARER.length()).strip());
        if (principal.isEmpty()) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "detail.tokenInvalid");
        }
        request.setProperty(PRINCIPAL, principal.get());
    }

    /** The caller, or null when anonymous. */
    public static Principal principal(ContainerRequestContext request) {
        return (Principal) request.getProperty(PRINCIPAL);
    }
}

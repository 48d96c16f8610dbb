package ru.berezhno.server.http;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.TokenService;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.server.pages.Sessions;

/**
 * Resolves an {@code Authorization: Bearer …} token to a principal, kept as the request property
 * {@link #PRINCIPAL}. A request without a token goes on anonymously; a token that is not valid is
 * refused at once, so that a mistyped token is never mistaken for anonymity. Without a token, a
 * GET may be signed in by the pages' session cookie.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
    public static final String PRINCIPAL = "berezhno.principal";
    private static final String BEARER = "Bearer ";

    private final TokenService tokens;
    private final Sessions sessions;

    public AuthenticationFilter(TokenService tokens, Sessions sessions) {
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            // A page's session also reads the API (downloads from the dashboard), but never changes anything through it:
            // a cookie goes with cross-site requests too, so writes need the bearer token.
            Cookie session = request.getCookies().get(Sessions.COOKIE);
            if (session != null && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
                sessions.find(session.getValue()).ifPresent(principal -> request.setProperty(PRINCIPAL, principal));
            }
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

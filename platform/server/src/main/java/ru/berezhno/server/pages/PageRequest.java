package ru.berezhno.server.pages;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.QueryParam;

import ru.berezhno.core.access.Principal;

/**
 * What every page request brings: the language asked for ({@code ?lang=}) or remembered (its
 * cookie), the form-token cookie and the session cookie. The page resources take it as a
 * {@code @BeanParam}.
 *
 * <p>The form token: for someone signed in, it is derived from their session (a hash of the
 * session id, which is secret and HttpOnly), so a token planted in the browser by another site is
 * of no use against a session; for anyone else, a double-submit cookie, named {@code __Host-bz_csrf}
 * under an https base URL (a cookie no sibling domain can set) and {@code bz_csrf} otherwise.
 */
public final class PageRequest {
    @QueryParam("lang")
    private String languageParameter;
    @CookieParam(PagesResource.LANGUAGE_COOKIE)
    private String languageCookie;
    @CookieParam(PagesResource.CSRF_COOKIE)
    private String plainCsrfCookie;
    @CookieParam(PagesResource.SECURE_CSRF_COOKIE)
    private String hostCsrfCookie;
    @CookieParam(Sessions.COOKIE)
    private String session;
    @Inject
    private SiteAddress site;
    @Inject
    private Sessions sessions;

    /** The page's language: the one asked for, else the one remembered, else Russian. */
    String language() {
        return PagesResource.language(languageParameter, languageCookie);
    }

    /** A posted form's language: its {@code lang} field, else the one remembered, else Russian. */
    String language(Map<String, List<String>> form) {
        return PagesResource.language(PagesResource.first(form, "lang"), languageCookie);
    }

    /** The form token for a page: the session's when signed in, else the browser's cookie when well-formed, else a new one. */
    String csrfToken() {
        String bound = sessionToken();
        return bound != null ? bound : PagesResource.csrfCookie(cookie());
    }

    /** The form token the browser holds now (the session's when signed in), or null. */
    String csrfCookie() {
        String bound = sessionToken();
        return bound != null ? bound : cookie();
    }

    /** Whether a posted form carries the right token: the session's when signed in, else the cookie's (double submit). */
    boolean csrfMatches(Map<String, List<String>> form) {
        String bound = sessionToken();
        return PagesResource.csrfMatches(bound != null ? bound : cookie(), PagesResource.first(form, "csrf"));
    }

    /** The session cookie as the browser sent it, or null. */
    String session() {
        return session;
    }

    /** Who is signed in, or null. */
    Principal principal(Sessions sessions) {
        return sessions.find(session).orElse(null);
    }

    /** The form-token cookie of this site's kind. */
    private String cookie() {
        return site != null && site.secure() ? hostCsrfCookie : plainCsrfCookie;
    }

    private String sessionToken() {
        return session != null && sessions != null && sessions.find(session).isPresent() ? Sessions.formToken(session) : null;
    }
}

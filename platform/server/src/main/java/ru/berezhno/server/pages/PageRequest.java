package ru.berezhno.server.pages;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.QueryParam;

import ru.berezhno.core.access.Principal;

/**
 * What every page request brings: the language asked for ({@code ?lang=}) or remembered (its
 * cookie), the form-token cookie and the session cookie. The page resources take it as a
 * {@code @BeanParam}.
 */
public final class PageRequest {
    @QueryParam("lang")
    private String languageParameter;
    @CookieParam(PagesResource.LANGUAGE_COOKIE)
    private String languageCookie;
    @CookieParam(PagesResource.CSRF_COOKIE)
    private String csrfCookie;
    @CookieParam(Sessions.COOKIE)
    private String session;

    /** The page's language: the one asked for, else the one remembered, else Russian. */
    String language() {
        return PagesResource.language(languageParameter, languageCookie);
    }

    /** A posted form's language: its {@code lang} field, else the one remembered, else Russian. */
    String language(Map<String, List<String>> form) {
        return PagesResource.language(PagesResource.first(form, "lang"), languageCookie);
    }

    /** The form token for a page: the browser's cookie when it is well-formed, else a new one. */
    String csrfToken() {
        return PagesResource.csrfCookie(csrfCookie);
    }

    /** The form-token cookie as the browser sent it, or null. */
    String csrfCookie() {
        return csrfCookie;
    }

    /** Whether a posted form carries the cookie's token (the double-submit check). */
    boolean csrfMatches(Map<String, List<String>> form) {
        return PagesResource.csrfMatches(csrfCookie, PagesResource.first(form, "csrf"));
    }

    /** The session cookie as the browser sent it, or null. */
    String session() {
        return session;
    }

    /** Who is signed in, or null. */
    Principal principal(Sessions sessions) {
        return sessions.find(session).orElse(null);
    }
}

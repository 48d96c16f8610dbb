package ru.berezhno.server.pages;

import static java.util.Objects.requireNonNull;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import ru.berezhno.server.http.FailurePage;

/**
 * The error page of an unexpected failure, in the visitor's language: a form post is told in so
 * many words that its answer was not saved, and every failure carries the correlation id of the log.
 */
public final class PageFailures implements FailurePage {
    private final PageRenderer renderer;

    public PageFailures(PageRenderer renderer) {
        this.renderer = requireNonNull(renderer, "renderer is null");
    }

    @Override
    public Response render(HttpHeaders headers, boolean submission, String correlationId) {
        Cookie cookie = headers.getCookies().get(PagesResource.LANGUAGE_COOKIE);
        String lang = PagesResource.language(null, cookie == null ? null : cookie.getValue());
        String message = PageRenderer.text(lang, submission ? "error.internalNotSaved" : "error.internal", correlationId);
        Response page = Pages.errorPage(renderer, lang, "/", message, 500);
        return Response.fromResponse(page).header("X-Correlation-Id", correlationId).build();
    }
}

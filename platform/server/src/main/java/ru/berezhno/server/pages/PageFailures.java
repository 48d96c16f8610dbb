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
        return Response.fromResponse(Pages.html(html(lang, submission ? "error.internalNotSaved" : "error.internal", correlationId), 500))
                .header("X-Correlation-Id", correlationId).build();
    }

    /** The error page with one of the failure texts (its argument the correlation id), in a language. */
    String html(String lang, String textKey, String correlationId) {
        java.util.Map<String, Object> model = Pages.frame(lang, "/");
        model.put("message", PageRenderer.text(lang, textKey, correlationId));
        return renderer.render("error", lang, model);
    }
}

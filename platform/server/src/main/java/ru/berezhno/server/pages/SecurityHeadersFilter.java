package ru.berezhno.server.pages;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import jakarta.ws.rs.core.NewCookie;

/**
 * Headers every response carries, and for pages a Content-Security-Policy that allows no inline
 * script and nothing from another origin (a page that needs another policy sets its own), and the
 * language cookie when a page was asked for in a language.
 */
public final class SecurityHeadersFilter implements ContainerResponseFilter {
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** The headers every response carries, pages or not. */
    public static final java.util.Map<String, String> EVERY_RESPONSE = java.util.Map.of("X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer");

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        EVERY_RESPONSE.forEach(response.getHeaders()::putSingle);
        MediaType type = response.getMediaType();
        if (type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            response.getHeaders().putIfAbsent("Content-Security-Policy", List.of(PAGE_POLICY));
            response.getHeaders().putSingle("X-Frame-Options", "DENY");
            response.getHeaders().putIfAbsent("Cache-Control", List.of("no-store"));
            // A language chosen with ?lang= is remembered for the next pages.
            String language = request.getUriInfo().getQueryParameters().getFirst("lang");
            if ("en".equals(language) || "ru".equals(language)) {
                response.getHeaders().add("Set-Cookie", new NewCookie.Builder(PagesResource.LANGUAGE_COOKIE).value(language).path("/")
                        .maxAge(365 * 24 * 3600).httpOnly(true).sameSite(NewCookie.SameSite.LAX).build());
            }
        }
    }
}

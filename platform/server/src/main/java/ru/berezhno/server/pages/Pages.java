package ru.berezhno.server.pages;

import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import ru.berezhno.core.organizations.Organization;

/** What every page resource needs alike: the HTML answer, the form-token cookie, names in the page's language. */
final class Pages {
    private Pages() {
    }

    /** A rendered page as the answer, with its status. */
    static Response html(String page, int status) {
        return Response.status(status).entity(page).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    /** The cookie holding the form token (double submit): HttpOnly, SameSite=Strict, Secure under an https base URL. */
    static NewCookie csrfCookie(String token, SiteAddress site) {
        return new NewCookie.Builder(PagesResource.CSRF_COOKIE).value(token).path("/").httpOnly(true).sameSite(NewCookie.SameSite.STRICT)
                .secure(site.secure()).build();
    }

    /** A page's model to start from: the link that shows the same page in the other language. */
    static Map<String, Object> frame(String lang, String self) {
        Map<String, Object> model = new HashMap<>();
        model.put("switchLanguage", self + (self.contains("?") ? "&" : "?") + "lang=" + ("en".equals(lang) ? "ru" : "en"));
        return model;
    }

    /** An organisation's name in the page's language (Russian when it has no English one). */
    static String name(Organization organization, String lang) {
        return "en".equals(lang) && organization.nameEn() != null ? organization.nameEn() : organization.name();
    }
}

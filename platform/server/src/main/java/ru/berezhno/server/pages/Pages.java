package ru.berezhno.server.pages;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.Messages;
import ru.berezhno.core.organizations.Organization;
import ru.berezhno.core.organizations.OrganizationDirectory;

/**
 * What every page resource needs alike: the HTML answer, the error page, who may see a page, the
 * form-token cookie, an error turned into texts, and organisations in the page's language.
 */
final class Pages {
    private Pages() {
    }

    /** The texts of a refused request: one per field (the first for each), and those about the request as a whole. */
    record Problems(Map<String, String> byField, List<String> general) {
        boolean isEmpty() {
            return byField.isEmpty() && general.isEmpty();
        }

        /** Every text, the fields' first. */
        List<String> all() {
            List<String> all = new ArrayList<>(byField.values());
            all.addAll(general);
            return all;
        }
    }

    /** A rendered page as the answer, with its status. */
    static Response html(String page, int status) {
        return Response.status(status).entity(page).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    /** The error page with a message; {@code self} is the page the language switch leads back to. */
    static Response errorPage(PageRenderer renderer, String lang, String self, String message, int status) {
        Map<String, Object> model = frame(lang, self);
        model.put("message", message);
        return html(renderer.render("error", lang, model), status);
    }

    /**
     * Null when the visitor may see the page at {@code self}; otherwise the answer: to sign-in (and
     * back) when nobody is signed in, a refusal for another role.
     */
    static Response guard(Principal principal, PageRenderer renderer, String lang, String self, Role... allowed) {
        if (principal == null) {
            return Response.seeOther(URI.create("/signin?next=" + URLEncoder.encode(self, StandardCharsets.UTF_8))).build();
        }
        for (Role role : allowed) {
            if (principal.role() == role) {
                return null;
            }
        }
        return errorPage(renderer, lang, self, PageRenderer.text(lang, "error.forbidden"), 403);
    }

    /** The cookie holding the form token (double submit): HttpOnly, SameSite=Strict; Secure and {@code __Host-} under an https base URL. */
    static NewCookie csrfCookie(String token, SiteAddress site) {
        return new NewCookie.Builder(csrfCookieName(site)).value(token).path("/").httpOnly(true).sameSite(NewCookie.SameSite.STRICT)
                .secure(site.secure()).build();
    }

    /** The form-token cookie's name: {@code __Host-} prefixed under https (Secure, no domain, path /). */
    static String csrfCookieName(SiteAddress site) {
        return site.secure() ? PagesResource.SECURE_CSRF_COOKIE : PagesResource.CSRF_COOKIE;
    }

    /** A refused request's texts in the page's language. */
    static Problems problems(ApiException refusal, String lang) {
        Messages messages = Messages.forLanguage(lang);
        Map<String, String> byField = new LinkedHashMap<>();
        refusal.errors().forEach(error -> byField.putIfAbsent(error.field(), messages.format(error.messageKey(), error.arguments())));
        List<String> general = refusal.errors().isEmpty() ? List.of(messages.format(refusal.detailKey(), refusal.detailArguments())) : List.of();
        return new Problems(byField, general);
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

    /** The name of an organisation of the directory, or its id when the directory no longer has it. */
    static String name(OrganizationDirectory organizations, String id, String lang) {
        return organizations.find(id).map(organization -> name(organization, lang)).orElse(id);
    }

    /** Every organisation of the directory as choices of a select, one of them selected. */
    static List<Map<String, Object>> organizationChoices(OrganizationDirectory organizations, String lang, String selected) {
        List<Map<String, Object>> choices = new ArrayList<>();
        organizations.all().forEach(organization -> choices.add(Map.of("id", organization.id(), "name", name(organization, lang), "selected",
                organization.id().equals(selected))));
        return choices;
    }
}

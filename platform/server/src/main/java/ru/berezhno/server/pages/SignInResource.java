package ru.berezhno.server.pages;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.access.TokenService;
import ru.berezhno.server.http.RequestBodies;

/**
 * Sign-in to the pages with a token (auditors, experts, coordinators, УЭР's analysts and
 * administrators): the token is checked once and a session cookie is set in its place
 * (HttpOnly, SameSite=Strict, Secure when the public address is HTTPS). The form posts only with
 * the double-submit token, so another site cannot sign a browser in or out.
 */
@Singleton
@Path("/")
@Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
public final class SignInResource {
    private static final int MAX_FORM_BYTES = 8 * 1024;

    private final TokenService tokens;
    private final Sessions sessions;
    private final SiteAddress site;
    private final PageRenderer renderer;

    @Inject
    public SignInResource(TokenService tokens, Sessions sessions, SiteAddress site, PageRenderer renderer) {
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.site = requireNonNull(site, "site is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
    }

    @GET
    @Path("signin")
    public Response form(@QueryParam("next") String next, @BeanParam PageRequest request) {
        String lang = request.language();
        String csrf = request.csrfToken();
        Principal principal = request.principal(sessions);
        Map<String, Object> model = model(lang, csrf, local(next), null);
        model.put("signedInAs", principal == null ? null : principal.name());
        return Response.ok(renderer.render("signin", lang, model), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).cookie(csrf(csrf)).build();
    }

    @POST
    @Path("signin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(InputStream body, @BeanParam PageRequest request) {
        Map<String, List<String>> form = PagesResource.parseForm(RequestBodies.read(body, MAX_FORM_BYTES));
        String lang = request.language(form);
        String next = local(PagesResource.first(form, "next"));
        if (!request.csrfMatches(form)) {
            return page(lang, model(lang, request.csrfToken(), next, PageRenderer.text(lang, "error.csrf")), 403);
        }
        String token = PagesResource.first(form, "token");
        Optional<Principal> principal = tokens.authenticate(token == null ? null : token.strip());
        if (principal.isEmpty()) {
            return page(lang, model(lang, request.csrfCookie(), next, PageRenderer.text(lang, "signin.invalid")), 401);
        }
        sessions.close(request.session());
        String session = sessions.open(principal.get(), TokenService.idOf(token.strip()));
        String target = next != null ? next : home(principal.get());
        return Response.seeOther(URI.create(target)).cookie(new NewCookie.Builder(Sessions.COOKIE).value(session).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure(site.secure()).maxAge((int) Sessions.LONGEST.toSeconds()).build()).build();
    }

    @POST
    @Path("signout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(InputStream body, @BeanParam PageRequest request) {
        Map<String, List<String>> form = PagesResource.parseForm(RequestBodies.read(body, MAX_FORM_BYTES));
        String lang = request.language(form);
        if (!request.csrfMatches(form)) {
            return page(lang, model(lang, request.csrfToken(), null, PageRenderer.text(lang, "error.csrf")), 403);
        }
        sessions.close(request.session());
        return Response.seeOther(URI.create("/")).cookie(new NewCookie.Builder(Sessions.COOKIE).value("").path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure(site.secure()).maxAge(0).build()).build();
    }

    /** Where a role starts: УЭР's dashboard for analysts and administrators, the list of their forms for the others. */
    static String home(Principal principal) {
        return principal.role() == Role.ANALYST || principal.role() == Role.ADMIN ? "/dashboard" : "/";
    }

    private Map<String, Object> model(String lang, String csrf, String next, String error) {
        Map<String, Object> model = Pages.frame(lang, "/signin");
        model.put("csrf", csrf);
        model.put("next", next);
        model.put("error", error);
        model.put("signedInAs", null);
        return model;
    }

    private Response page(String lang, Map<String, Object> model, int status) {
        return Pages.html(renderer.render("signin", lang, model), status);
    }

    private NewCookie csrf(String token) {
        return Pages.csrfCookie(token, site);
    }

    /** A path on this site to go to after signing in; anything else (another host, a scheme) is dropped. */
    static String local(String next) {
        return next != null && next.matches("/[A-Za-z0-9/_.?=&%-]{0,200}") && !next.startsWith("//") ? next : null;
    }
}

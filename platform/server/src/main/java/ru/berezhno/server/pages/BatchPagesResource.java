package ru.berezhno.server.pages;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.audit.AuditLog;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.responses.Batch;
import ru.berezhno.core.responses.Batches;
import ru.berezhno.server.http.RequestBodies;

/**
 * The administrator's page of batches: submissions held in quarantine (how many, to which
 * organisation and period, and why), to accept or discard as a batch; imports and accepted
 * batches, to void; and the audit log of what was decided.
 */
@Singleton
@Path("/admin/batches")
@Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
public final class BatchPagesResource {
    private static final int MAX_FORM_BYTES = 4 * 1024;
    private static final int AUDIT_SHOWN = 50;

    private final Batches batches;
    private final AuditLog audit;
    private final DefinitionCatalog definitions;
    private final OrganizationDirectory organizations;
    private final Sessions sessions;
    private final SiteAddress site;
    private final PageRenderer renderer;

    @Inject
    public BatchPagesResource(Batches batches, AuditLog audit, DefinitionCatalog definitions, OrganizationDirectory organizations, Sessions sessions,
            SiteAddress site, PageRenderer renderer) {
        this.batches = requireNonNull(batches, "batches is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.site = requireNonNull(site, "site is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
    }

    @GET
    public Response page(@BeanParam PageRequest request) {
        String lang = request.language();
        Principal principal = request.principal(sessions);
        Response refused = Pages.guard(principal, renderer, lang, "/admin/batches", Role.ADMIN);
        if (refused != null) {
            return refused;
        }
        String csrf = request.csrfToken();
        return page(lang, principal, csrf, null, 200);
    }

    @POST
    @Path("{id: [a-z]-[0-9a-f]{24}}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("id") String id, InputStream body, @BeanParam PageRequest request) {
        Map<String, List<String>> form = PagesResource.parseForm(RequestBodies.read(body, MAX_FORM_BYTES));
        String lang = request.language(form);
        Principal principal = request.principal(sessions);
        Response refused = Pages.guard(principal, renderer, lang, "/admin/batches", Role.ADMIN);
        if (refused != null) {
            return refused;
        }
        if (!request.csrfMatches(form)) {
            return Pages.errorPage(renderer, lang, "/", PageRenderer.text(lang, "error.csrf"), 403);
        }
        Batches.Decision decision;
        try {
            decision = Batches.Decision.valueOf(String.valueOf(PagesResource.first(form, "decision")).toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            return page(lang, principal, request.csrfCookie(), PageRenderer.text(lang, "batches.unknownDecision"), 400);
        }
        try {
            batches.decide(id, decision, principal);
        }
        catch (ApiException e) {
            return page(lang, principal, request.csrfCookie(), String.join(" ", Pages.problems(e, lang).all()), e.code().status());
        }
        return Response.seeOther(URI.create("/admin/batches" + ("en".equals(lang) ? "?lang=en" : "") + "#b-" + id)).build();
    }

    private Response page(String lang, Principal principal, String csrf, String problem, int status) {
        Map<String, Object> model = Pages.frame(lang, "/admin/batches");
        model.put("signedInAs", principal.name());
        model.put("csrf", csrf);
        model.put("problem", problem);
        List<Map<String, Object>> held = new ArrayList<>();
        List<Map<String, Object>> decided = new ArrayList<>();
        for (Batches.Summary summary : batches.list()) {
            Batch batch = summary.batch();
            Map<String, Object> row = new HashMap<>();
            row.put("id", batch.id());
            row.put("survey", definitions.latest(batch.survey()).map(definition -> definition.title().in(lang)).orElse(batch.survey()));
            row.put("kind", PageRenderer.text(lang, "batches.kind." + batch.kind().name().toLowerCase(Locale.ROOT)));
            row.put("organization", batch.organization() == null ? null : Pages.name(organizations, batch.organization(), lang));
            row.put("period", batch.period());
            row.put("reason", batch.reason() == null ? null : PageRenderer.text(lang, "batches.reason." + batch.reason().name().toLowerCase(Locale.ROOT)));
            row.put("status", PageRenderer.text(lang, "batches.status." + batch.status().name().toLowerCase(Locale.ROOT)));
            row.put("responses", PageRenderer.integer(lang, summary.responses()));
            row.put("notKept", summary.notKept() == 0 ? null : PageRenderer.integer(lang, summary.notKept()));
            row.put("firstDay", batch.firstDay());
            row.put("decidedBy", batch.decidedBy());
            row.put("voidable", batch.status() == Batch.Status.ACCEPTED);
            (batch.status() == Batch.Status.HELD ? held : decided).add(row);
        }
        model.put("held", held);
        model.put("decided", decided);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (AuditLog.Entry entry : audit.latest(AUDIT_SHOWN)) {
            entries.add(Map.of("at", entry.at(), "by", entry.by(), "action", PageRenderer.label(lang, "batches.action." + entry.action(), entry.action()),
                    "target", entry.target(), "responses", String.valueOf(entry.details().getOrDefault("responses", ""))));
        }
        model.put("audit", entries);
        return Response.fromResponse(Pages.html(renderer.render("batches", lang, model), status)).cookie(Pages.csrfCookie(csrf, site)).build();
    }
}

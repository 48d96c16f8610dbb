package ru.berezhno.server.pages;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.actions.Action;
import ru.berezhno.core.actions.ActionService;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.invitations.InvitationService;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.rounds.RoundService;
import ru.berezhno.server.http.RequestBodies;
import ru.berezhno.server.resources.ActionsResource;
import ru.berezhno.spi.SurveyDefinition;

/**
 * The working pages of signed-in staff: corrective actions (auditors and coordinators change them,
 * УЭР's analysts read them; a coordinator sees only their own organisation's) and invitation codes
 * for a staff survey, issued by a coordinator for their organisation (or an admin) and printed as
 * slips to hand out. Codes are shown once, on the answer to the post, and kept only as hashes.
 */
@Singleton
@Path("/")
@Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
public final class WorkPagesResource {
    private static final int MAX_FORM_BYTES = 8 * 1024;
    private static final List<String> STATUSES = List.of("open", "done", "verified");

    private final ActionService actions;
    private final InvitationService invitations;
    private final DefinitionCatalog definitions;
    private final OrganizationDirectory organizations;
    private final RoundService rounds;
    private final Sessions sessions;
    private final SiteAddress site;
    private final PageRenderer renderer;

    @Inject
    public WorkPagesResource(ActionService actions, InvitationService invitations, DefinitionCatalog definitions, OrganizationDirectory organizations,
            RoundService rounds, Sessions sessions, SiteAddress site, PageRenderer renderer) {
        this.actions = requireNonNull(actions, "actions is null");
        this.invitations = requireNonNull(invitations, "invitations is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.rounds = requireNonNull(rounds, "rounds is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.site = requireNonNull(site, "site is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
    }

    @GET
    @Path("actions")
    public Response actionsPage(@QueryParam("status") String status, @BeanParam PageRequest pageRequest) {
        String lang = pageRequest.language();
        Principal principal = pageRequest.principal(sessions);
        Response refused = Pages.guard(principal, renderer, lang, "/actions", Role.AUDITOR, Role.COORDINATOR, Role.ANALYST, Role.ADMIN);
        if (refused != null) {
            return refused;
        }
        String csrf = pageRequest.csrfToken();
        return page("actions", lang, actionsModel(principal, lang, status, csrf, null, null, null), 200, csrf);
    }

    @POST
    @Path("actions/{id: [A-Za-z0-9_-]{1,64}}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeAction(@PathParam("id") String id, InputStream body, @BeanParam PageRequest pageRequest) {
        Map<String, List<String>> form = PagesResource.parseForm(RequestBodies.read(body, MAX_FORM_BYTES));
        String lang = pageRequest.language(form);
        Principal principal = pageRequest.principal(sessions);
        Response refused = Pages.guard(principal, renderer, lang, "/actions", Role.AUDITOR, Role.COORDINATOR, Role.ADMIN);
        if (refused != null) {
            return refused;
        }
        String shown = PagesResource.first(form, "shown");
        if (!pageRequest.csrfMatches(form)) {
            return Pages.errorPage(renderer, lang, "/", PageRenderer.text(lang, "error.csrf"), 403);
        }
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("status", "owner", "due")) {
            String value = PagesResource.first(form, field);
            if (value != null && !value.isBlank()) {
                request.put(field, value.strip());
            }
        }
        List<FieldError> errors = new ArrayList<>();
        ActionService.Patch patch = ActionsResource.patch(request, errors);
        try {
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
            actions.update(id, patch, principal);
        }
        catch (ApiException e) {
            return page("actions", lang, actionsModel(principal, lang, shown, pageRequest.csrfCookie(), id, Pages.problems(e, lang).all(), form),
                    e.code().status(), pageRequest.csrfCookie());
        }
        return Response.seeOther(URI.create("/actions" + (shown != null && STATUSES.contains(shown) ? "?status=" + shown : ""))).build();
    }

    private Map<String, Object> actionsModel(Principal principal, String lang, String status, String csrf, String failed, List<String> problems,
            Map<String, List<String>> form) {
        String shown = status != null && (STATUSES.contains(status) || status.equals("all")) ? status : "open";
        LocalDate today = actions.today();
        boolean editor = principal.role() != Role.ANALYST;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Action action : actions.list(candidate -> (shown.equals("all") || candidate.status().id().equals(shown))
                && (principal.role() != Role.COORDINATOR || candidate.organization().equals(principal.organization())))) {
            boolean thisOne = action.id().equals(failed);
            Map<String, Object> row = new HashMap<>();
            row.put("id", action.id());
            row.put("organization", Pages.name(organizations, action.organization(), lang));
            row.put("subject", action.subject());
            row.put("text", action.text());
            row.put("owner", thisOne ? PagesResource.first(form, "owner") : action.owner());
            row.put("due", thisOne ? PagesResource.first(form, "due") : action.due());
            String chosen = thisOne && PagesResource.first(form, "status") != null ? PagesResource.first(form, "status") : action.status().id();
            List<Map<String, Object>> statuses = new ArrayList<>();
            for (String candidate : STATUSES) {
                // A coordinator may not verify; the server refuses it anyway.
                if (!candidate.equals("verified") || principal.role() != Role.COORDINATOR || action.status() == Action.Status.VERIFIED) {
                    statuses.add(Map.of("id", candidate, "name", PageRenderer.text(lang, "actions.status." + candidate), "selected", candidate.equals(chosen)));
                }
            }
            row.put("statuses", statuses);
            row.put("status", PageRenderer.text(lang, "actions.status." + action.status().id()));
            row.put("overdue", action.overdueOn(today));
            row.put("problems", thisOne ? problems : null);
            rows.add(row);
        }
        rows.sort(Comparator.comparing(row -> String.valueOf(row.get("due"))));
        Map<String, Object> model = Pages.frame(lang, "/actions?status=" + shown);
        model.put("rows", rows);
        model.put("editor", editor);
        model.put("shown", shown);
        model.put("csrf", csrf);
        model.put("signedInAs", principal.name());
        List<Map<String, Object>> filters = new ArrayList<>();
        for (String candidate : List.of("open", "done", "verified", "all")) {
            filters.add(Map.of("id", candidate, "name", PageRenderer.text(lang, "actions.filter." + candidate), "current", candidate.equals(shown)));
        }
        model.put("filters", filters);
        return model;
    }

    @GET
    @Path("codes")
    public Response codesForm(@BeanParam PageRequest pageRequest) {
        String lang = pageRequest.language();
        Principal principal = pageRequest.principal(sessions);
        Response refused = Pages.guard(principal, renderer, lang, "/codes", Role.COORDINATOR, Role.ADMIN);
        if (refused != null) {
            return refused;
        }
        String csrf = pageRequest.csrfToken();
        return page("codes", lang, codesModel(principal, lang, csrf, Map.of(), null), 200, csrf);
    }

    @POST
    @Path("codes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response issueCodes(InputStream body, @BeanParam PageRequest pageRequest) {
        Map<String, List<String>> form = PagesResource.parseForm(RequestBodies.read(body, MAX_FORM_BYTES));
        String lang = pageRequest.language(form);
        Principal principal = pageRequest.principal(sessions);
        Response refused = Pages.guard(principal, renderer, lang, "/codes", Role.COORDINATOR, Role.ADMIN);
        if (refused != null) {
            return refused;
        }
        if (!pageRequest.csrfMatches(form)) {
            return Pages.errorPage(renderer, lang, "/", PageRenderer.text(lang, "error.csrf"), 403);
        }
        Map<String, String> errors = new HashMap<>();
        SurveyDefinition survey = definitions.latest(String.valueOf(PagesResource.first(form, "survey"))).filter(this::invited).orElse(null);
        if (survey == null) {
            errors.put("survey", PageRenderer.text(lang, "codes.errorSurvey"));
        }
        String organization = principal.role() == Role.COORDINATOR ? principal.organization() : PagesResource.first(form, "organization");
        if (organization == null || !organizations.contains(organization)) {
            errors.put("organization", PageRenderer.text(lang, "codes.errorOrganization"));
        }
        int count = 0;
        try {
            count = Integer.parseInt(String.valueOf(PagesResource.first(form, "count")).strip());
        }
        catch (NumberFormatException e) {
            count = 0;
        }
        if (count < 1 || count > InvitationService.MAXIMUM_COUNT) {
            errors.put("count", PageRenderer.text(lang, "codes.errorCount", InvitationService.MAXIMUM_COUNT));
        }
        if (!errors.isEmpty()) {
            return page("codes", lang, codesModel(principal, lang, pageRequest.csrfCookie(), form, errors), 400, pageRequest.csrfCookie());
        }
        List<String> codes = invitations.issue(survey.id(), organization, count);
        Map<String, Object> model = Pages.frame(lang, "/codes");
        model.put("signedInAs", principal.name());
        model.put("title", survey.title().in(lang));
        model.put("organizationName", Pages.name(organizations, organization, lang));
        model.put("url", site.base() + "/s/" + survey.id() + "?org=" + organization);
        model.put("codes", codes);
        return page("codes-issued", lang, model, 200, pageRequest.csrfCookie());
    }

    private Map<String, Object> codesModel(Principal principal, String lang, String csrf, Map<String, List<String>> form, Map<String, String> errors) {
        Map<String, Object> model = Pages.frame(lang, "/codes");
        model.put("signedInAs", principal.name());
        model.put("csrf", csrf);
        model.put("errors", errors == null ? Map.of() : errors);
        List<Map<String, Object>> surveys = new ArrayList<>();
        for (SurveyDefinition definition : definitions.latest()) {
            if (invited(definition)) {
                surveys.add(Map.of("id", definition.id(), "name", definition.title().in(lang), "selected",
                        definition.id().equals(PagesResource.first(form, "survey"))));
            }
        }
        model.put("surveys", surveys);
        boolean coordinator = principal.role() == Role.COORDINATOR;
        model.put("organizationName", coordinator ? Pages.name(organizations, principal.organization(), lang) : null);
        model.put("organizations", coordinator ? null : Pages.organizationChoices(organizations, lang, PagesResource.first(form, "organization")));
        model.put("count", PagesResource.first(form, "count") == null ? "20" : PagesResource.first(form, "count"));
        model.put("maximum", InvitationService.MAXIMUM_COUNT);
        return model;
    }

    /** A staff survey answered with codes, with a round open when it runs in rounds. */
    private boolean invited(SurveyDefinition definition) {
        return definition.audience().equals("staff")
                && (definition.periods() != SurveyDefinition.Periods.ROUNDS || rounds.openRound(definition.id()).isPresent());
    }

    private Response page(String template, String lang, Map<String, Object> model, int status, String csrf) {
        return Response.fromResponse(Pages.html(renderer.render(template, lang, model), status)).cookie(Pages.csrfCookie(csrf, site)).build();
    }
}

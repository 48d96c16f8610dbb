package ru.berezhno.server.pages;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
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
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.projects.Project;
import ru.berezhno.core.projects.ProjectService;
import ru.berezhno.core.projects.SignificanceService;
import ru.berezhno.server.http.RequestBodies;
import ru.berezhno.server.resources.ProjectsResource;
import ru.berezhno.core.actions.ActionService;

/**
 * The register of lean projects as a page: the year's projects with their status, what they
 * replicate and, once experts have scored them, their significance; a coordinator registers the
 * projects of their organisation and moves them on (an admin any), an expert goes from a project
 * to its scoresheet, УЭР's analysts read.
 */
@Singleton
@Path("/projects")
@Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
public final class ProjectPagesResource {
    private static final int MAX_FORM_BYTES = 8 * 1024;
    private static final List<String> STATUSES = List.of("planned", "in-progress", "implemented");

    private final ProjectService projects;
    private final SignificanceService significance;
    private final OrganizationDirectory organizations;
    private final Sessions sessions;
    private final SiteAddress site;
    private final PageRenderer renderer;
    private final ActionService actions;

    @Inject
    public ProjectPagesResource(ProjectService projects, SignificanceService significance, OrganizationDirectory organizations, Sessions sessions,
            SiteAddress site, PageRenderer renderer, ActionService actions) {
        this.actions = requireNonNull(actions, "actions is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.significance = requireNonNull(significance, "significance is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.site = requireNonNull(site, "site is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
    }

    @GET
    public Response list(@QueryParam("year") String yearParameter, @BeanParam PageRequest request) {
        String lang = request.language();
        Principal principal = request.principal(sessions);
        Response refused = Pages.guard(principal, renderer, lang, "/projects", Role.COORDINATOR, Role.EXPERT, Role.ANALYST, Role.ADMIN);
        if (refused != null) {
            return refused;
        }
        String csrf = request.csrfToken();
        return page(lang, model(principal, lang, year(yearParameter), csrf, Map.of(), null, null, null), 200, csrf);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(InputStream body, @BeanParam PageRequest request) {
        return change(null, body, request);
    }

    @POST
    @Path("{id: [A-Za-z0-9_-]{1,64}}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") String id, InputStream body, @BeanParam PageRequest request) {
        return change(id, body, request);
    }

    /** Registers a project (id null) or changes one, from the page's form; errors come back beside the fields. */
    private Response change(String id, InputStream body, PageRequest pageRequest) {
        Map<String, List<String>> form = PagesResource.parseForm(RequestBodies.read(body, MAX_FORM_BYTES));
        String lang = pageRequest.language(form);
        Principal principal = pageRequest.principal(sessions);
        Response refused = Pages.guard(principal, renderer, lang, "/projects", Role.COORDINATOR, Role.EXPERT, Role.ANALYST, Role.ADMIN);
        if (refused != null) {
            return refused;
        }
        if (principal.role() != Role.COORDINATOR && principal.role() != Role.ADMIN) {
            return Pages.errorPage(renderer, lang, "/projects", PageRenderer.text(lang, "error.forbidden"), 403);
        }
        if (!pageRequest.csrfMatches(form)) {
            return Pages.errorPage(renderer, lang, "/projects", PageRenderer.text(lang, "error.csrf"), 403);
        }
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("title", "organization", "status", "replicates")) {
            String value = PagesResource.first(form, field);
            if (value != null && !value.isBlank()) {
                request.put(field, value.strip());
            }
        }
        if (principal.role() == Role.COORDINATOR && id == null) {
            request.put("organization", principal.organization());
        }
        String year = PagesResource.first(form, "year");
        if (year != null && !year.isBlank()) {
            try {
                request.put("year", Integer.parseInt(year.strip()));
            }
            catch (NumberFormatException e) {
                request.put("year", year.strip());
            }
        }
        List<FieldError> errors = new ArrayList<>();
        ProjectService.Draft draft = ProjectsResource.draft(request, id == null, errors, organizations, projects);
        try {
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
            if (id == null) {
                projects.create(draft, principal);
            }
            else {
                projects.update(id, draft, principal);
            }
        }
        catch (ApiException e) {
            Pages.Problems problems = Pages.problems(e, lang);
            int shownYear = draft.year() != null ? draft.year() : year(PagesResource.first(form, "shownYear"));
            return page(lang, model(principal, lang, shownYear, pageRequest.csrfCookie(), id == null ? problems.byField() : Map.of(),
                    id == null ? problems.general() : problems.all(), id,
                    id == null ? form : null), e.code().status(), pageRequest.csrfCookie());
        }
        int shownYear = draft.year() != null ? draft.year() : year(PagesResource.first(form, "shownYear"));
        return Response.seeOther(URI.create("/projects?year=" + shownYear)).build();
    }

    private Map<String, Object> model(Principal principal, String lang, int year, String csrf, Map<String, String> errors, List<String> other,
            String failed, Map<String, List<String>> form) {
        boolean editor = principal.role() == Role.COORDINATOR || principal.role() == Role.ADMIN;
        List<Project> all = projects.list(project -> true);
        Map<String, String> titles = new HashMap<>();
        all.forEach(project -> titles.put(project.id(), project.title()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Project project : all.stream().filter(project -> project.year() == year).sorted(Comparator.comparing(Project::title)).toList()) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", project.id());
            row.put("title", project.title());
            row.put("organization", Pages.name(organizations, project.organization(), lang));
            row.put("status", PageRenderer.text(lang, "projects.status." + project.status().id()));
            row.put("replicates", project.replicates() == null ? null : titles.get(project.replicates()));
            SignificanceService.Significance figures = significance.significance(project.id(), null);
            row.put("experts", figures.experts());
            row.put("total", figures.total() == null ? null : PageRenderer.decimal(lang, figures.total().value()));
            row.put("recommended", Boolean.TRUE.equals(figures.recommendedForReplication()));
            row.put("changeable", editor && (principal.role() == Role.ADMIN || project.organization().equals(principal.organization())));
            row.put("problems", project.id().equals(failed) ? other : null);
            List<Map<String, Object>> statuses = new ArrayList<>();
            STATUSES.forEach(status -> statuses.add(Map.of("id", status, "name", PageRenderer.text(lang, "projects.status." + status), "selected",
                    status.equals(project.status().id()))));
            row.put("statuses", statuses);
            rows.add(row);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("switchLanguage", "/projects?year=" + year + "&lang=" + ("en".equals(lang) ? "ru" : "en"));
        model.put("signedInAs", principal.name());
        model.put("csrf", csrf);
        model.put("year", year);
        model.put("previousYear", year - 1);
        model.put("nextYear", year + 1);
        model.put("rows", rows);
        model.put("editor", editor);
        model.put("expert", principal.role() == Role.EXPERT || principal.role() == Role.ADMIN);
        model.put("errors", errors);
        model.put("other", failed == null ? other : null);
        Map<String, List<String>> given = form == null ? Map.of() : form;
        model.put("title", PagesResource.first(given, "title"));
        model.put("newYear", PagesResource.first(given, "year") == null ? String.valueOf(year) : PagesResource.first(given, "year"));
        List<Map<String, Object>> statuses = new ArrayList<>();
        STATUSES.forEach(status -> statuses.add(Map.of("id", status, "name", PageRenderer.text(lang, "projects.status." + status), "selected",
                status.equals(PagesResource.first(given, "status")))));
        model.put("statuses", statuses);
        List<Map<String, Object>> originals = new ArrayList<>();
        all.stream().sorted(Comparator.comparing(Project::year).reversed().thenComparing(Project::title)).forEach(project -> originals.add(Map.of(
                "id", project.id(), "name", project.title() + " (" + project.year() + ")", "selected", project.id().equals(PagesResource.first(given, "replicates")))));
        model.put("originals", originals);
        boolean coordinator = principal.role() == Role.COORDINATOR;
        model.put("organizationName", coordinator ? Pages.name(organizations, principal.organization(), lang) : null);
        model.put("organizations", coordinator ? null : Pages.organizationChoices(organizations, lang, PagesResource.first(given, "organization")));
        return model;
    }

    private int year(String text) {
        try {
            int year = Integer.parseInt(String.valueOf(text));
            if (year >= 2000 && year <= 2100) {
                return year;
            }
        }
        catch (NumberFormatException e) {
            // the current year, below
        }
        return actions.today().getYear();
    }

    private Response page(String lang, Map<String, Object> model, int status, String csrf) {
        return Response.fromResponse(Pages.html(renderer.render("projects", lang, model), status)).cookie(Pages.csrfCookie(csrf, site)).build();
    }
}

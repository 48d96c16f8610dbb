package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import ru.berezhno.core.access.Role;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.plan.ProjectIndicators;
import ru.berezhno.core.projects.Project;
import ru.berezhno.core.projects.ProjectService;
import ru.berezhno.core.projects.SignificanceService;
import ru.berezhno.server.http.AuthenticationFilter;
import ru.berezhno.server.http.RequestBodies;

/**
 * The register of lean projects, their significance from the experts' scoresheets, the yearly
 * ranking for the contest of best practices, and the plan indicators that follow from the register.
 */
@Singleton
@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
public final class ProjectsResource {
    private static final Set<String> FIELDS = Set.of("title", "organization", "year", "status", "replicates");
    private static final int MAXIMUM_TITLE = 300;

    private final ProjectService projects;
    private final SignificanceService significance;
    private final ProjectIndicators indicators;
    private final OrganizationDirectory organizations;

    @Inject
    public ProjectsResource(ProjectService projects, SignificanceService significance, ProjectIndicators indicators,
            OrganizationDirectory organizations) {
        this.projects = requireNonNull(projects, "projects is null");
        this.significance = requireNonNull(significance, "significance is null");
        this.indicators = requireNonNull(indicators, "indicators is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"coordinator", "admin"})
    public Response create(InputStream body, @Context ContainerRequestContext context) {
        ProjectService.Draft draft = draft(body, true);
        Project project = projects.create(draft, AuthenticationFilter.principal(context));
        return Response.status(Response.Status.CREATED).entity(project).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed({"coordinator", "admin"})
    public Project update(@PathParam("id") String id, InputStream body, @Context ContainerRequestContext context) {
        return projects.update(id, draft(body, false), AuthenticationFilter.principal(context));
    }

    @GET
    @RolesAllowed({"analyst", "auditor", "expert", "coordinator", "admin"})
    public List<Project> list(@QueryParam("year") String year, @QueryParam("organization") String organization,
            @QueryParam("status") String status) {
        List<FieldError> errors = new ArrayList<>();
        Integer parsedYear = year == null ? null : year(year, errors);
        if (organization != null && !organizations.contains(organization)) {
            errors.add(FieldError.of("organization", "error.unknownOrganization", organization));
        }
        Project.Status parsedStatus = status == null ? null : Project.Status.fromId(status).orElse(null);
        if (status != null && parsedStatus == null) {
            errors.add(FieldError.of("status", "error.projectStatus"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return projects.list(project -> (parsedYear == null || project.year() == parsedYear)
                && (organization == null || project.organization().equals(organization))
                && (parsedStatus == null || project.status() == parsedStatus));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"analyst", "auditor", "expert", "coordinator", "admin"})
    public Project get(@PathParam("id") String id) {
        return projects.find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownProject", id));
    }

    /**
     * Per-criterion means, the weighted total, the spread between experts, the gate and the
     * recommendation; the experts' named sheets only to administrators and analysts.
     */
    @GET
    @Path("{id}/significance")
    @RolesAllowed({"analyst", "expert", "coordinator", "admin"})
    public SignificanceService.Significance significance(@PathParam("id") String id, @QueryParam("survey") String survey,
            @Context ContainerRequestContext context) {
        SignificanceService.Significance figures = significance.significance(id, survey);
        Role role = AuthenticationFilter.principal(context).role();
        return role == Role.ADMIN || role == Role.ANALYST ? figures : figures.withoutSheets();
    }

    /** The year's projects ranked by their total, with Kendall's W of the experts who scored them all. */
    @GET
    @Path("ranking")
    @RolesAllowed({"analyst", "expert", "admin"})
    public SignificanceService.YearRanking ranking(@QueryParam("year") String year, @QueryParam("survey") String survey) {
        List<FieldError> errors = new ArrayList<>();
        Integer parsed = year(year, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return significance.ranking(parsed, survey);
    }

    /** Projects implemented per organisation and the replicated share, against the year's targets. */
    @GET
    @Path("indicators")
    @RolesAllowed({"analyst", "coordinator", "admin"})
    public ProjectIndicators.Figures indicators(@QueryParam("year") String year) {
        List<FieldError> errors = new ArrayList<>();
        Integer parsed = year(year, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return indicators.figures(parsed);
    }

    private static Integer year(String text, List<FieldError> errors) {
        if (text == null || !text.matches("\\d{4}") || Integer.parseInt(text) < 2000 || Integer.parseInt(text) > 2100) {
            errors.add(FieldError.of("year", "error.year"));
            return null;
        }
        return Integer.valueOf(text);
    }

    /** A new project (every field but {@code replicates} required) or a change (every field optional). */
    private ProjectService.Draft draft(InputStream body, boolean complete) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode request = RequestBodies.object(body, FIELDS, errors);
        ProjectService.Draft draft = draft(request, complete, errors, organizations, projects);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return draft;
    }

    /** A project as a request describes it, with a field error for each bad field (the pages' form uses it too). */
    public static ProjectService.Draft draft(JsonNode request, boolean complete, List<FieldError> errors, OrganizationDirectory organizations,
            ProjectService projects) {
        String title = null;
        JsonNode titleNode = request.get("title");
        if (titleNode != null || complete) {
            if (titleNode == null || !titleNode.isTextual() || titleNode.asText().isBlank() || titleNode.asText().length() > MAXIMUM_TITLE) {
                errors.add(FieldError.of("title", "error.title"));
            }
            else {
                title = titleNode.asText();
            }
        }
        String organization = null;
        JsonNode organizationNode = request.get("organization");
        if (organizationNode != null || complete) {
            if (organizationNode == null || !organizationNode.isTextual()) {
                errors.add(FieldError.of("organization", "error.required"));
            }
            else if (!organizations.contains(organizationNode.asText())) {
                errors.add(FieldError.of("organization", "error.unknownOrganization", organizationNode.asText()));
            }
            else {
                organization = organizationNode.asText();
            }
        }
        Integer year = null;
        JsonNode yearNode = request.get("year");
        if (yearNode != null || complete) {
            if (yearNode == null || !yearNode.isIntegralNumber() || yearNode.asInt() < 2000 || yearNode.asInt() > 2100) {
                errors.add(FieldError.of("year", "error.year"));
            }
            else {
                year = yearNode.asInt();
            }
        }
        Project.Status status = null;
        JsonNode statusNode = request.get("status");
        if (statusNode != null || complete) {
            status = statusNode != null && statusNode.isTextual() ? Project.Status.fromId(statusNode.asText()).orElse(null) : null;
            if (status == null) {
                errors.add(FieldError.of("status", "error.projectStatus"));
            }
        }
        String replicates = null;
        JsonNode replicatesNode = request.get("replicates");
        if (replicatesNode != null && !replicatesNode.isNull()) {
            if (!replicatesNode.isTextual() || projects.find(replicatesNode.asText()).isEmpty()) {
                errors.add(FieldError.of("replicates", "error.unknownProject"));
            }
            else {
                replicates = replicatesNode.asText();
            }
        }
        return new ProjectService.Draft(title, organization, year, status, replicates);
    }
}

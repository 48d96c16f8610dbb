package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.responses.Audiences;
import ru.berezhno.core.responses.Batch;
import ru.berezhno.core.results.Release;
import ru.berezhno.server.http.ClientKeyFilter;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.actions.ActionService;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.history.SubjectHistory;
import ru.berezhno.core.responses.Audiences;
import ru.berezhno.core.responses.StoredResponse;
import ru.berezhno.core.results.Ranking;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.exports.ResponseCsvExport;
import ru.berezhno.server.exports.Exports;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.responses.ResponseService;
import ru.berezhno.core.results.Findings;
import ru.berezhno.core.results.Results;
import ru.berezhno.core.results.ResultsQuery;
import ru.berezhno.core.results.ResultsService;
import ru.berezhno.server.api.DefinitionViews;
import ru.berezhno.server.api.SubmissionViews;
import ru.berezhno.server.http.AuthenticationFilter;
import ru.berezhno.server.http.OrganizationScope;
import ru.berezhno.server.http.RequestBodies;
import ru.berezhno.spi.SurveyDefinition;

/** Surveys: their definitions, responses and results. */
@Singleton
@Path("/api/v1/surveys")
@Produces(MediaType.APPLICATION_JSON)
public final class SurveysResource {
    private static final Pattern PERIOD = Pattern.compile("\\d{4}-[A-Za-z0-9]{1,8}");
    private static final String NDJSON = "application/x-ndjson";

    private final DefinitionCatalog definitions;
    private final OrganizationDirectory organizations;
    private final ResponseService responses;
    private final ResultsService results;
    private final ResponseCsvExport export;
    private final Exports exports;
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String CSV = "text/csv; charset=UTF-8";
    private final SubjectHistory history;
    private final ActionService actions;

    @Inject
    public SurveysResource(DefinitionCatalog definitions, OrganizationDirectory organizations, ResponseService responses, ResultsService results,
            ResponseCsvExport export, Exports exports, SubjectHistory history, ActionService actions) {
        this.exports = requireNonNull(exports, "exports is null");
        this.history = requireNonNull(history, "history is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.responses = requireNonNull(responses, "responses is null");
        this.results = requireNonNull(results, "results is null");
        this.export = requireNonNull(export, "export is null");
    }

    @GET
    public List<Map<String, Object>> list() {
        return definitions.latest().stream().map(DefinitionViews::summary).toList();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> definition(@PathParam("id") String id) {
        return DefinitionViews.full(latest(id));
    }

    @POST
    @Path("{id}/responses")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(@PathParam("id") String id, InputStream body, @Context ContainerRequestContext request) {
        ResponseService.Accepted accepted = responses.submit(id, RequestBodies.json(RequestBodies.read(body, RequestBodies.MAX_JSON_BYTES)),
                AuthenticationFilter.principal(request), ClientKeyFilter.client(request));
        return Response.status(Response.Status.CREATED).entity(SubmissionViews.accepted(accepted, actions.today())).build();
    }

    /**
     * One attributed response (an audit) with its scores, the actions it raised and its change
     * since the one before about the same subject. Anonymous responses are never given out one by one.
     */
    @GET
    @Path("{id}/responses/{response}")
    @RolesAllowed({"analyst", "auditor", "coordinator", "admin"})
    public Map<String, Object> response(@PathParam("id") String id, @PathParam("response") String responseId,
            @Context ContainerRequestContext request) {
        SurveyDefinition definition = attributedDefinition(id);
        StoredResponse stored = history.response(definition.id(), responseId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownResponse", responseId));
        checkOrganization(AuthenticationFilter.principal(request), stored.organization());
        SubjectHistory.Entry entry = history.find(definition.id(), responseId).orElseThrow();
        LocalDate today = actions.today();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", entry.id());
        view.put("organization", entry.organization());
        view.put("subject", entry.subject());
        view.put("period", entry.period());
        view.put("submittedAt", entry.submittedAt());
        view.put("author", entry.author());
        view.put("version", stored.version());
        view.put("answers", stored.answers());
        view.put("scores", entry.scores());
        view.put("actions", actions.list(action -> action.response().equals(responseId)).stream()
                .map(action -> ActionsResource.view(action, today)).toList());
        view.put("sincePrevious", history.compare(stored, entry.scores()).map(comparison -> SubmissionViews.comparison(comparison, today)).orElse(null));
        return view;
    }

    /** Each subject (workplace) of a survey's attributed responses with its scores over time: its trend. */
    @GET
    @Path("{id}/subjects")
    @RolesAllowed({"analyst", "auditor", "coordinator", "admin"})
    public Map<String, Object> subjects(@PathParam("id") String id, @QueryParam("organization") String organization,
            @QueryParam("subject") String subject, @Context ContainerRequestContext request) {
        SurveyDefinition definition = attributedDefinition(id);
        if (organization != null && !organizations.contains(organization)) {
            throw ApiException.invalid(List.of(FieldError.of("organization", "error.unknownOrganization", organization)));
        }
        Principal principal = AuthenticationFilter.principal(request);
        String only = OrganizationScope.visible(principal, organization);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("survey", definition.id());
        view.put("subjects", history.subjects(definition.id(), only, subject));
        return view;
    }

    /**
     * Organisations ranked by an index in a period: to analysts and admins, as results; to
     * auditors only the ranking of audits, which are given under a name.
     */
    @GET
    @Path("{id}/ranking")
    @RolesAllowed({"analyst", "auditor", "admin"})
    public Ranking ranking(@PathParam("id") String id, @QueryParam("period") String period, @QueryParam("index") String index,
            @Context ContainerRequestContext request) {
        if (!Audiences.attributed(latest(id)) && AuthenticationFilter.principal(request).role() == Role.AUDITOR) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.roleRequired", Role.ANALYST.id());
        }
        if (period != null && !PERIOD.matcher(period).matches()) {
            throw ApiException.invalid(List.of(FieldError.of("period", "error.period")));
        }
        return results.ranking(id, period, index);
    }

    /** The latest version of a survey, or 404. */
    private SurveyDefinition latest(String id) {
        return definitions.latest(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownSurvey", id));
    }

    private SurveyDefinition attributedDefinition(String id) {
        SurveyDefinition definition = latest(id);
        if (!Audiences.attributed(definition)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "detail.notAttributed", id);
        }
        return definition;
    }

    /**
     * A survey whose raw responses the caller may download: staff answer the self-diagnosis about
     * their own workplace, so its rows go to administrators only, never to an analyst.
     */
    private SurveyDefinition rawExportable(String id, ContainerRequestContext request) {
        SurveyDefinition definition = latest(id);
        if (Audiences.invited(definition) && AuthenticationFilter.principal(request).role() != Role.ADMIN) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.roleRequired", Role.ADMIN.id());
        }
        return definition;
    }

    private static void checkOrganization(Principal principal, String organization) {
        if (principal.role() == Role.COORDINATOR && !organization.equals(principal.organization())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.otherOrganization");
        }
    }

    @POST
    @Path("{id}/responses/import")
    @Consumes(NDJSON)
    @RolesAllowed("admin")
    public Map<String, Object> importResponses(@PathParam("id") String id, InputStream body, @Context ContainerRequestContext request) {
        List<com.fasterxml.jackson.databind.JsonNode> lines = RequestBodies.ndjson(RequestBodies.read(body, RequestBodies.MAX_IMPORT_BYTES));
        Batch batch = responses.importResponses(id, lines, AuthenticationFilter.principal(request));
        return Map.of("imported", lines.stream().filter(java.util.Objects::nonNull).count(), "batch", batch.id());
    }

    /** Problem areas and declines per organisation in one period (analyst or admin). */
    @GET
    @Path("{id}/findings")
    @RolesAllowed({"analyst", "admin"})
    public Findings findings(@PathParam("id") String id, @QueryParam("period") String period) {
        if (period == null || !PERIOD.matcher(period).matches()) {
            throw ApiException.invalid(List.of(FieldError.of("period", "error.period")));
        }
        return results.findings(id, period);
    }

    /** Raw anonymous responses as CSV, streamed (analyst or admin). */
    @GET
    @Path("{id}/export/responses.csv")
    @Produces("text/csv")
    @RolesAllowed({"analyst", "admin"})
    public Response exportResponses(@PathParam("id") String id, @Context ContainerRequestContext request) {
        SurveyDefinition definition = rawExportable(id, request);
        Release release = results.release(id);
        StreamingOutput body = out -> export.write(definition, release, out);
        return download(body, CSV, id + "-responses.csv");
    }

    /** Raw anonymous responses as XLSX (analyst or admin). */
    @GET
    @Path("{id}/export/responses.xlsx")
    @RolesAllowed({"analyst", "admin"})
    public Response exportResponsesXlsx(@PathParam("id") String id, @Context ContainerRequestContext request) {
        SurveyDefinition definition = rawExportable(id, request);
        Release release = results.release(id);
        StreamingOutput body = out -> exports.responsesXlsx(definition, release, out);
        return download(body, XLSX, id + "-responses.xlsx");
    }

    /** Results in long form as CSV or XLSX; the filters of {@code results}, grouped by organisation and period unless told otherwise. */
    @GET
    @Path("{id}/export/results.{format: csv|xlsx}")
    @RolesAllowed({"analyst", "admin"})
    public Response exportResults(@PathParam("id") String id, @PathParam("format") String format, @QueryParam("organization") String organization,
            @QueryParam("period") String period, @QueryParam("groupBy") String groupBy, @QueryParam("subtree") String subtree) {
        Results figures = results(id, organization, period, groupBy == null ? "organization,period" : groupBy, subtree);
        SurveyDefinition definition = definitions.latest(id).orElseThrow();
        boolean csv = format.equals("csv");
        StreamingOutput body = out -> {
            if (csv) {
                exports.resultsCsv(definition, figures, out);
            }
            else {
                exports.resultsXlsx(definition, figures, out);
            }
        };
        return download(body, csv ? CSV : XLSX, id + "-results." + format);
    }

    private static Response download(StreamingOutput body, String type, String file) {
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + file + "\"").header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("{id}/results")
    @RolesAllowed({"analyst", "admin"})
    public Results results(@PathParam("id") String id, @QueryParam("organization") String organization, @QueryParam("period") String period,
            @QueryParam("groupBy") String groupBy, @QueryParam("subtree") String subtree) {
        List<FieldError> errors = new ArrayList<>();
        if (subtree != null && !subtree.equals("true") && !subtree.equals("false")) {
            errors.add(FieldError.of("subtree", "error.boolean"));
        }
        if (organization != null && !organizations.contains(organization)) {
            errors.add(FieldError.of("organization", "error.unknownOrganization", organization));
        }
        if (period != null && !PERIOD.matcher(period).matches()) {
            errors.add(FieldError.of("period", "error.period"));
        }
        Set<ResultsQuery.Dimension> dimensions = EnumSet.noneOf(ResultsQuery.Dimension.class);
        if (groupBy != null && !groupBy.isBlank()) {
            for (String name : groupBy.split(",")) {
                try {
                    dimensions.add(ResultsQuery.Dimension.valueOf(name.strip().toUpperCase(Locale.ROOT)));
                }
                catch (IllegalArgumentException e) {
                    errors.add(FieldError.of("groupBy", "error.groupBy"));
                    break;
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return results.results(id, new ResultsQuery(organization, period, dimensions, "true".equals(subtree)));
    }
}

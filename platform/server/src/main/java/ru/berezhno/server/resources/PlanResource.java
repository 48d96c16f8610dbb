package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.plan.AnalyticalReport;
import ru.berezhno.core.plan.PlanService;
import ru.berezhno.server.http.AuthenticationFilter;
import ru.berezhno.server.http.OrganizationScope;
import ru.berezhno.server.http.Problems;
import ru.berezhno.server.reports.AnalyticalReportRenderer;

/**
 * The lean plan: its fulfilment by year, the units' quarterly reports, and the quarterly
 * analytical report for УЭР as JSON, a printable page or a workbook.
 */
@Singleton
@Path("/api/v1/plan")
@Produces(MediaType.APPLICATION_JSON)
public final class PlanResource {
    private static final String QUARTER = "\\d{4}-Q[1-4]";
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final PlanService plan;
    private final AnalyticalReport analyticalReport;
    private final AnalyticalReportRenderer renderer;
    private final OrganizationDirectory organizations;

    @Inject
    public PlanResource(PlanService plan, AnalyticalReport analyticalReport, AnalyticalReportRenderer renderer, OrganizationDirectory organizations) {
        this.plan = requireNonNull(plan, "plan is null");
        this.analyticalReport = requireNonNull(analyticalReport, "analyticalReport is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
    }

    /** Every indicator per unit and for the district against the year's targets, and who is late with the last quarter's report. */
    @GET
    @RolesAllowed({"analyst", "admin"})
    public PlanService.Fulfilment fulfilment(@QueryParam("year") String year) {
        return plan.fulfilment(year(year));
    }

    /** A unit's reports of a year, each quarter's current one with its corrections; a coordinator sees only their own unit's. */
    @GET
    @Path("reports")
    @RolesAllowed({"analyst", "coordinator", "admin"})
    public Map<String, Object> reports(@QueryParam("organization") String organization, @QueryParam("year") String year,
            @Context ContainerRequestContext context) {
        int parsed = year(year);
        if (organization != null && !organizations.contains(organization)) {
            throw ApiException.invalid(List.of(FieldError.of("organization", "error.unknownOrganization", organization)));
        }
        Principal principal = AuthenticationFilter.principal(context);
        String only = OrganizationScope.visible(principal, organization);
        Map<String, Map<String, PlanService.Report>> all = plan.reports(parsed, parsed + "-Q4");
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("year", parsed);
        List<PlanService.Report> reports = new ArrayList<>();
        String filter = only;
        all.forEach((unit, byQuarter) -> {
            if (filter == null || filter.equals(unit)) {
                byQuarter.values().stream().sorted(java.util.Comparator.comparing(PlanService.Report::quarter)).forEach(reports::add);
            }
        });
        view.put("reports", reports);
        return view;
    }

    @GET
    @Path("analytical-report/{quarter: " + QUARTER + "}")
    @RolesAllowed({"analyst", "admin"})
    public AnalyticalReport.Document analyticalReport(@PathParam("quarter") String quarter) {
        return analyticalReport.make(quarter);
    }

    /** The printable page; texts in the caller's language. */
    @GET
    @Path("analytical-report/{quarter: " + QUARTER + "}.html")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({"analyst", "admin"})
    public Response analyticalReportPage(@PathParam("quarter") String quarter, @Context HttpHeaders headers) {
        String html = renderer.html(analyticalReport.make(quarter), Problems.messagesFor(headers).language());
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("analytical-report/{quarter: " + QUARTER + "}.xlsx")
    @Produces(XLSX)
    @RolesAllowed({"analyst", "admin"})
    public Response analyticalReportWorkbook(@PathParam("quarter") String quarter, @Context HttpHeaders headers) {
        AnalyticalReport.Document document = analyticalReport.make(quarter);
        String language = Problems.messagesFor(headers).language();
        StreamingOutput body = out -> renderer.xlsx(document, language, out);
        return Response.ok(body, XLSX)
                .header("Content-Disposition", "attachment; filename=\"analytical-report-" + quarter + ".xlsx\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    private static int year(String text) {
        if (text == null || !text.matches("\\d{4}") || Integer.parseInt(text) < 2000 || Integer.parseInt(text) > 2100) {
            throw ApiException.invalid(List.of(FieldError.of("year", "error.year")));
        }
        return Integer.parseInt(text);
    }
}

package ru.berezhno.server;

import java.util.List;

import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

import ru.berezhno.core.access.TokenService;
import ru.berezhno.core.audit.AuditLog;
import ru.berezhno.core.responses.Batches;
import ru.berezhno.core.actions.ActionService;
import ru.berezhno.core.history.SubjectHistory;
import ru.berezhno.core.plan.AnalyticalReport;
import ru.berezhno.core.plan.PlanService;
import ru.berezhno.core.plan.ProjectIndicators;
import ru.berezhno.core.projects.ProjectService;
import ru.berezhno.core.projects.SignificanceService;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.exports.ResponseCsvExport;
import ru.berezhno.core.invitations.InvitationService;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.responses.ResponseService;
import ru.berezhno.core.results.ResultsService;
import ru.berezhno.core.rounds.RoundService;
import ru.berezhno.core.store.Store;
import ru.berezhno.server.http.ApiExceptionMapper;
import ru.berezhno.server.http.AuthenticationFilter;
import ru.berezhno.server.http.ObjectMapperProvider;
import ru.berezhno.server.http.RolesAllowedFeature;
import ru.berezhno.server.http.ClientKeyFilter;
import ru.berezhno.server.http.ClientKeys;
import ru.berezhno.server.http.ThrowableMapper;
import ru.berezhno.server.http.WebApplicationExceptionMapper;
import ru.berezhno.server.backup.Backups;
import ru.berezhno.server.monitoring.Metrics;
import ru.berezhno.server.monitoring.MetricsResource;
import ru.berezhno.server.resources.ActionsResource;
import ru.berezhno.server.resources.BackupsResource;
import ru.berezhno.server.resources.BatchesResource;
import ru.berezhno.server.resources.OpenApiResource;
import ru.berezhno.server.resources.HealthResource;
import ru.berezhno.server.resources.InvitationsResource;
import ru.berezhno.server.resources.OrganizationsResource;
import ru.berezhno.server.pages.BatchPagesResource;
import ru.berezhno.server.pages.PageFailures;
import ru.berezhno.server.pages.PageRenderer;
import ru.berezhno.server.pages.Sessions;
import ru.berezhno.server.pages.SiteAddress;
import ru.berezhno.server.pages.PagesResource;
import ru.berezhno.server.pages.SignInResource;
import ru.berezhno.server.pages.DashboardResource;
import ru.berezhno.server.pages.QrResource;
import ru.berezhno.server.pages.SecurityHeadersFilter;
import ru.berezhno.server.pages.StaticResource;
import ru.berezhno.server.reports.AnalyticalReportRenderer;
import ru.berezhno.server.resources.PlanResource;
import ru.berezhno.server.resources.PluginsResource;
import ru.berezhno.server.resources.ProjectsResource;
import ru.berezhno.server.resources.RoundsResource;
import ru.berezhno.server.resources.SurveysResource;
import ru.berezhno.server.resources.TokensResource;
import ru.berezhno.server.exports.Exports;
import ru.berezhno.server.pages.WorkPagesResource;
import ru.berezhno.server.pages.ProjectPagesResource;

/** The production Jersey application: every resource, filter and mapper, registered explicitly. */
public final class ApiApplication extends ResourceConfig {
    /** Every resource class, in one list: the routes of the metrics and of the API description are read from it. */
    public static final List<Class<?>> RESOURCES = List.of(HealthResource.class, MetricsResource.class, PluginsResource.class,
            OrganizationsResource.class, SurveysResource.class, TokensResource.class, BatchesResource.class, BatchPagesResource.class,
            BackupsResource.class, RoundsResource.class, InvitationsResource.class, ActionsResource.class, ProjectsResource.class,
            PlanResource.class, PagesResource.class, SignInResource.class, DashboardResource.class, QrResource.class, WorkPagesResource.class,
            ProjectPagesResource.class, StaticResource.class, OpenApiResource.class);

    public ApiApplication(Platform platform, SiteAddress site, ClientKeys clients, Metrics metrics) {
        Sessions sessions = new Sessions(platform.clock(), platform.tokens());
        PageRenderer renderer = new PageRenderer();
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        // Redirects stay relative: an absolute one would be built from the Host header, which the client chooses.
        property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        register(JacksonFeature.withoutExceptionMappers());
        register(new ObjectMapperProvider());
        register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(platform.plugins()).to(PluginRegistry.class);
                bind(platform.definitions()).to(DefinitionCatalog.class);
                bind(platform.organizations()).to(OrganizationDirectory.class);
                bind(platform.tokens()).to(TokenService.class);
                bind(platform.responses()).to(ResponseService.class);
                bind(platform.results()).to(ResultsService.class);
                bind(platform.rounds()).to(RoundService.class);
                bind(platform.invitations()).to(InvitationService.class);
                bind(platform.actions()).to(ActionService.class);
                bind(platform.history()).to(SubjectHistory.class);
                bind(platform.projects()).to(ProjectService.class);
                bind(platform.significance()).to(SignificanceService.class);
                bind(platform.projectIndicators()).to(ProjectIndicators.class);
                bind(platform.plan()).to(PlanService.class);
                bind(platform.analyticalReport()).to(AnalyticalReport.class);
                bind(new AnalyticalReportRenderer(platform.organizations())).to(AnalyticalReportRenderer.class);
                bind(renderer).to(PageRenderer.class);
                bind(sessions).to(Sessions.class);
                bind(site).to(SiteAddress.class);
                bind(platform.settings()).to(ServerSettings.class);
                bind(platform.store()).to(Store.class);
                bind(platform.backups()).to(Backups.class);
                bind(metrics).to(Metrics.class);
                bind(platform.clock()).to(java.time.Clock.class);
                bind(clients).to(ClientKeys.class);
                bind(platform.batches()).to(Batches.class);
                bind(platform.audit()).to(AuditLog.class);
                bind(new ResponseCsvExport(platform.repository())).to(ResponseCsvExport.class);
                bind(new Exports(platform.repository())).to(Exports.class);
            }
        });
        register(ClientKeyFilter.class);
        register(new AuthenticationFilter(platform.tokens(), sessions));
        register(RolesAllowedFeature.class);
        register(ApiExceptionMapper.class);
        register(WebApplicationExceptionMapper.class);
        register(new ThrowableMapper(new PageFailures(renderer)));
        RESOURCES.forEach(this::register);
        register(SecurityHeadersFilter.class);
    }
}

package ru.berezhno.server.pages;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.actions.Action;
import ru.berezhno.core.actions.ActionService;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.organizations.Organization;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.projects.SignificanceService;
import ru.berezhno.core.responses.Audiences;
import ru.berezhno.core.responses.Periods;
import ru.berezhno.core.results.Ranking;
import ru.berezhno.core.results.Results;
import ru.berezhno.core.results.ResultsQuery;
import ru.berezhno.core.results.ResultsService;
import ru.berezhno.spi.Option;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.QuestionType;
import ru.berezhno.spi.Section;
import ru.berezhno.spi.SurveyDefinition;
import ru.berezhno.core.rounds.RoundService;
import java.util.Comparator;
import ru.berezhno.core.results.Findings;
import ru.berezhno.spi.Finding;
import java.text.MessageFormat;

/**
 * УЭР's dashboard (analysts and administrators): for a survey and an organisation (or the whole
 * district), the indices with their intervals and their trend over periods, every question's figures
 * and distribution, organisations side by side, with groups too small to show marked «недостаточно
 * ответов»; the 5S ranking and open corrective actions; the yearly ranking of lean projects; and the
 * downloads. Tables carry every figure (they are the page without JavaScript); charts drawn by
 * ECharts from our own jar improve on them.
 */
@Singleton
@Path("/dashboard")
@Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
public final class DashboardResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DefinitionCatalog definitions;
    private final OrganizationDirectory organizations;
    private final ResultsService results;
    private final ActionService actions;
    private final SignificanceService significance;
    private final RoundService rounds;
    private final Sessions sessions;
    private final PageRenderer renderer;
    private final SiteAddress site;

    @Inject
    public DashboardResource(DefinitionCatalog definitions, OrganizationDirectory organizations, ResultsService results, ActionService actions,
            SignificanceService significance, RoundService rounds, Sessions sessions, PageRenderer renderer,
            SiteAddress site) {
        this.site = requireNonNull(site, "site is null");
        this.rounds = requireNonNull(rounds, "rounds is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.results = requireNonNull(results, "results is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.significance = requireNonNull(significance, "significance is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
    }

    @GET
    public Response dashboard(@QueryParam("survey") String surveyId, @QueryParam("organization") String organizationId,
            @QueryParam("period") String periodParameter, @BeanParam PageRequest request) {
        String lang = request.language();
        Principal principal = request.principal(sessions);
        Response refused = Pages.guard(principal, renderer, lang, "/dashboard", Role.ANALYST, Role.ADMIN);
        if (refused != null) {
            return refused;
        }
        List<SurveyDefinition> all = definitions.latest();
        SurveyDefinition definition = all.stream().filter(candidate -> candidate.id().equals(surveyId)).findFirst().orElse(all.get(0));
        String organization = organizations.contains(organizationId) ? organizationId : null;
        String csrf = request.csrfToken();

        // The periods with answers, for the filter; the trend always shows them all.
        Results byPeriod = results.results(definition.id(), new ResultsQuery(organization, null, Set.of(ResultsQuery.Dimension.PERIOD), organization != null));
        List<String> periods = byPeriod.groups().stream().map(Results.Group::period).filter(java.util.Objects::nonNull).toList();
        String period = periods.contains(periodParameter) ? periodParameter : null;

        Map<String, Object> model = Pages.frame(lang, "/dashboard?survey=" + definition.id() + (organization == null ? "" : "&organization=" + organization)
                + (period == null ? "" : "&period=" + period));
        List<Map<String, Object>> periodChoices = new ArrayList<>();
        periods.forEach(candidate -> periodChoices.add(Map.of("id", candidate, "selected", candidate.equals(period))));
        model.put("periods", periodChoices);
        model.put("csrf", csrf);
        model.put("signedInAs", principal.name());
        List<Map<String, Object>> surveyChoices = new ArrayList<>();
        all.forEach(candidate -> surveyChoices.add(Map.of("id", candidate.id(), "name", candidate.title().in(lang), "selected",
                candidate.id().equals(definition.id()))));
        model.put("surveys", surveyChoices);
        model.put("organizations", Pages.organizationChoices(organizations, lang, organization));
        model.put("survey", definition.id());
        model.put("surveyTitle", definition.title().in(lang));
        model.put("scope", (organization == null ? PageRenderer.text(lang, "dashboard.district") : Pages.name(organizations.find(organization).orElseThrow(), lang))
                + (period == null ? "" : ", " + period));

        Results overall = results.results(definition.id(), new ResultsQuery(organization, period, Set.of(), organization != null));
        Results.Group whole = overall.groups().get(0);
        model.put("responses", whole.responses());
        model.put("suppressed", whole.suppressed());
        model.put("indices", indices(definition, whole, lang));
        model.put("questions", whole.suppressed() || whole.questions() == null ? List.of() : questions(definition, whole, lang));

        model.put("trend", trend(definition, byPeriod, lang));

        if (organization == null) {
            Results byOrganization = results.results(definition.id(), new ResultsQuery(null, period, Set.of(ResultsQuery.Dimension.ORGANIZATION)));
            model.put("organizationRows", organizationRows(definition, byOrganization, lang));
            model.put("anySuppressed", byOrganization.groups().stream().anyMatch(Results.Group::suppressed));
        }
        else {
            model.put("organizationRows", null);
            model.put("anySuppressed", false);
        }
        model.put("ranking", Audiences.attributed(definition) && definition.kind().equals("five-s-audit") ? ranking(definition, period, lang) : null);
        model.put("actions", definition.kind().equals("five-s-audit") ? openActions(definition, organization, lang) : null);
        model.put("projects", definition.kind().equals("lean-project-significance") ? projects(definition, lang) : null);
        model.put("findings", definition.periods() == SurveyDefinition.Periods.ROUNDS ? findings(definition, organization, lang) : null);
        List<String> filters = new ArrayList<>();
        if (organization != null) {
            filters.add("organization=" + URLEncoder.encode(organization, StandardCharsets.UTF_8));
        }
        if (period != null) {
            filters.add("period=" + period);
        }
        String query = filters.isEmpty() ? "" : "?" + String.join("&", filters);
        String base = "/api/v1/surveys/" + definition.id() + "/export/";
        model.put("exports", List.of(
                Map.of("href", base + "results.csv" + query, "label", PageRenderer.text(lang, "dashboard.exportResultsCsv")),
                Map.of("href", base + "results.xlsx" + query, "label", PageRenderer.text(lang, "dashboard.exportResultsXlsx")),
                Map.of("href", base + "responses.csv", "label", PageRenderer.text(lang, "dashboard.exportResponsesCsv")),
                Map.of("href", base + "responses.xlsx", "label", PageRenderer.text(lang, "dashboard.exportResponsesXlsx"))));
        String lastQuarter = Periods.previousQuarter(Periods.quarterOf(actions.today()));
        model.put("reportHref", "/api/v1/plan/analytical-report/" + lastQuarter + ".html");
        model.put("reportXlsxHref", "/api/v1/plan/analytical-report/" + lastQuarter + ".xlsx");
        model.put("reportQuarter", lastQuarter);
        model.put("qrHref", "/qr/" + definition.id() + (organization == null ? "" : "?org=" + organization));
        model.put("qr", !Audiences.attributed(definition));
        return Response.fromResponse(Pages.html(renderer.render("dashboard", lang, model), 200))
                .cookie(Pages.csrfCookie(csrf, site))
                .build();
    }

    private List<Map<String, Object>> indices(SurveyDefinition definition, Results.Group group, String lang) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (group.suppressed() || group.indices() == null) {
            return rows;
        }
        group.indices().forEach((name, index) -> {
            Map<String, Object> row = new HashMap<>();
            row.put("name", indexLabel(definition, name, lang));
            row.put("value", PageRenderer.decimal(lang, index.value()));
            row.put("interval", interval(index.ci95(), lang));
            rows.add(row);
        });
        return rows;
    }

    private List<Map<String, Object>> questions(SurveyDefinition definition, Results.Group group, String lang) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Section section : definition.sections()) {
            for (Question question : section.questions()) {
                Results.QuestionResult result = group.questions().get(question.id());
                if (result == null) {
                    continue;
                }
                Map<String, Object> row = new HashMap<>();
                row.put("id", question.id());
                row.put("text", question.text().in(lang));
                row.put("n", result.n());
                row.put("mean", result.mean() == null ? null : PageRenderer.decimal(lang, result.mean()));
                row.put("interval", interval(result.ci95(), lang));
                row.put("comments", result.comments());
                List<Map<String, Object>> distribution = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                List<Long> counts = new ArrayList<>();
                if (result.distribution() != null && (question.type() == QuestionType.SCALE || question.type() == QuestionType.SINGLE
                        || question.type() == QuestionType.MULTIPLE)) {
                    for (Map.Entry<String, String> level : levels(question, lang).entrySet()) {
                        long count = result.distribution().getOrDefault(level.getKey(), 0L);
                        distribution.add(Map.of("label", level.getValue(), "count", count, "share",
                                result.n() == 0 ? "" : PageRenderer.decimal(lang, 100.0 * count / result.n())));
                        labels.add(level.getValue());
                        counts.add(count);
                    }
                }
                row.put("distribution", distribution);
                row.put("chart", distribution.isEmpty() ? null : json(Map.of("type", "bar", "labels", labels, "values", counts,
                        "title", question.text().in(lang))));
                rows.add(row);
            }
        }
        return rows;
    }

    private static Map<String, String> levels(Question question, String lang) {
        Map<String, String> levels = new LinkedHashMap<>();
        if (question.type() == QuestionType.SCALE) {
            for (int level = question.scaleMin(); level <= question.scaleMax(); level++) {
                String label = question.labels().get(level) == null ? String.valueOf(level) : question.labels().get(level).in(lang);
                levels.put(String.valueOf(level), label.equals(String.valueOf(level)) ? label : level + " — " + label);
            }
        }
        else {
            for (Option option : question.options()) {
                levels.put(option.id(), option.label().in(lang));
            }
        }
        return levels;
    }

    private Map<String, Object> trend(SurveyDefinition definition, Results byPeriod, String lang) {
        List<Results.Group> groups = byPeriod.groups().stream().filter(group -> group.period() != null).toList();
        // Each index with an interval is a line; a period too small to show is a gap in it.
        List<String> names = groups.stream().filter(group -> !group.suppressed() && group.indices() != null)
                .flatMap(group -> group.indices().entrySet().stream()).filter(entry -> entry.getValue().ci95() != null).map(Map.Entry::getKey)
                .distinct().toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        names.forEach(name -> series.put(name, new ArrayList<>()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Results.Group group : groups) {
            List<String> figures = new ArrayList<>();
            for (String name : names) {
                Results.IndexResult index = group.suppressed() || group.indices() == null ? null : group.indices().get(name);
                series.get(name).add(index == null ? null : Math.round(index.value() * 100) / 100.0);
                figures.add(index == null ? null : PageRenderer.decimal(lang, index.value()));
            }
            Map<String, Object> row = new HashMap<>();
            row.put("period", group.period());
            row.put("responses", group.responses());
            row.put("suppressed", group.suppressed());
            row.put("figures", figures);
            rows.add(row);
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        series.forEach((name, values) -> lines.add(Map.of("name", indexLabel(definition, name, lang), "values", values)));
        Map<String, Object> trend = new HashMap<>();
        trend.put("headers", names.stream().map(name -> indexLabel(definition, name, lang)).toList());
        trend.put("rows", rows);
        trend.put("chart", groups.isEmpty() || names.isEmpty() ? null
                : json(Map.of("type", "line", "labels", groups.stream().map(Results.Group::period).toList(), "series", lines)));
        return trend;
    }

    private List<Map<String, Object>> organizationRows(SurveyDefinition definition, Results byOrganization, String lang) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Results.Group group : byOrganization.groups()) {
            Map<String, Object> row = new HashMap<>();
            row.put("name", Pages.name(organizations, group.organization(), lang));
            row.put("responses", group.responses());
            row.put("suppressed", group.suppressed());
            String first = group.suppressed() || group.indices() == null || group.indices().isEmpty() ? null : group.indices().keySet().iterator().next();
            row.put("index", first == null ? null : indexLabel(definition, first, lang));
            row.put("value", first == null ? null : PageRenderer.decimal(lang, group.indices().get(first).value()));
            row.put("interval", first == null ? null : interval(group.indices().get(first).ci95(), lang));
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, Object>> ranking(SurveyDefinition definition, String period, String lang) {
        Ranking ranking = results.ranking(definition.id(), period, null);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Ranking.Entry entry : ranking.ranking()) {
            rows.add(Map.of("rank", entry.rank(), "name", Pages.name(organizations, entry.organization(), lang),
                    "audits", entry.responses(), "value", PageRenderer.decimal(lang, entry.value())));
        }
        return rows;
    }

    private List<Map<String, Object>> openActions(SurveyDefinition definition, String organization, String lang) {
        LocalDate today = actions.today();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Action action : actions.list(candidate -> candidate.survey().equals(definition.id()) && candidate.status() == Action.Status.OPEN
                && (organization == null || candidate.organization().equals(organization)))) {
            Map<String, Object> row = new HashMap<>();
            row.put("organization", Pages.name(organizations, action.organization(), lang));
            row.put("subject", action.subject());
            row.put("text", action.text());
            row.put("owner", action.owner());
            row.put("due", action.due());
            row.put("overdue", action.overdueOn(today));
            rows.add(row);
        }
        rows.sort(Comparator.comparing(row -> (String) row.get("due")));
        return rows;
    }

    private Map<String, Object> projects(SurveyDefinition definition, String lang) {
        int year = actions.today().getYear();
        SignificanceService.YearRanking ranking = significance.ranking(year, definition.id());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SignificanceService.Ranked ranked : ranking.projects()) {
            rows.add(Map.of("rank", ranked.rank(), "title", ranked.project().title(), "organization",
                    Pages.name(organizations, ranked.project().organization(), lang),
                    "experts", ranked.experts(), "total", PageRenderer.decimal(lang, ranked.total()), "spread", PageRenderer.decimal(lang, ranked.spread()),
                    "recommended", ranked.recommendedForReplication()));
        }
        Map<String, Object> view = new HashMap<>();
        view.put("year", year);
        view.put("rows", rows);
        view.put("w", ranking.agreement() == null || ranking.agreement().w() == null ? null : PageRenderer.decimal(lang, ranking.agreement().w()));
        view.put("p", ranking.agreement() == null || ranking.agreement().p() == null ? null : PageRenderer.decimal(lang, ranking.agreement().p()));
        return view;
    }

    /**
     * Problem areas and significant declines per organisation in the latest round (the self-diagnosis
     * of §4.2.1): what lean projects could start from.
     */
    private Map<String, Object> findings(SurveyDefinition definition, String organization, String lang) {
        List<RoundService.Round> all = rounds.rounds(definition.id());
        if (all.isEmpty()) {
            return null;
        }
        String round = all.get(all.size() - 1).id();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Findings.Organization found : results.findings(definition.id(), round).organizations()) {
            if (organization != null && !organization.equals(found.organization())) {
                continue;
            }
            for (Finding finding : found.findings()) {
                Map<String, Object> row = new HashMap<>();
                row.put("organization", Pages.name(organizations, found.organization(), lang));
                row.put("kind", PageRenderer.label(lang, "finding." + finding.kind(), finding.kind()));
                row.put("subject", indexLabel(definition, finding.subject(), lang));
                row.put("value", PageRenderer.decimal(lang, finding.value()));
                row.put("previous", finding.previousValue() == null ? null : PageRenderer.decimal(lang, finding.previousValue()));
                row.put("p", finding.p() == null ? null : PageRenderer.decimal(lang, finding.p()));
                rows.add(row);
            }
        }
        Map<String, Object> view = new HashMap<>();
        view.put("round", round);
        view.put("rows", rows);
        return view;
    }

    /**
     * An index's name for people: the pages' text for the known ones, else the title of the section or
     * option it is about (a culture scale, a 5S step, a rubric criterion, a loss), else the name itself.
     */
    static String indexLabel(SurveyDefinition definition, String name, String lang) {
        String known = PageRenderer.label(lang, "index." + name, null);
        if (known != null) {
            return known;
        }
        int dot = name.lastIndexOf('.');
        String prefix = dot < 0 ? "" : name.substring(0, dot);
        String id = name.substring(dot + 1);
        String subject = null;
        for (Section section : definition.sections()) {
            if (section.id().equals(id) && section.title() != null) {
                subject = section.title().in(lang);
            }
            for (Question question : section.questions()) {
                if (question.id().equals(id)) {
                    subject = question.text().in(lang);
                }
                for (Option option : question.options()) {
                    if (subject == null && option.id().equals(id)) {
                        subject = option.label().in(lang);
                    }
                }
            }
        }
        if (subject == null) {
            return name;
        }
        String pattern = PageRenderer.label(lang, "index.prefix." + (prefix.isEmpty() ? "step" : prefix), "{0}");
        return MessageFormat.format(pattern, subject);
    }

    private static String interval(List<Double> ci95, String lang) {
        return ci95 == null || ci95.size() != 2 ? null : PageRenderer.decimal(lang, ci95.get(0)) + " – " + PageRenderer.decimal(lang, ci95.get(1));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

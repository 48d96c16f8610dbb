package ru.berezhno.core.plan;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.organizations.Organization;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.projects.Project;
import ru.berezhno.core.projects.ProjectService;
import ru.berezhno.core.responses.Periods;
import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.core.responses.StoredResponse;
import ru.berezhno.core.results.ResponseCounts;
import ru.berezhno.spi.LocalizedText;
import ru.berezhno.spi.SurveyDefinition;

/**
 * The lean plan's fulfilment: every indicator of the programme that holds a year, per reporting
 * unit and for the district, from the units' quarterly reports (the survey answered by
 * coordinators), the project register and the surveys, against the year's targets; and who
 * reported the last quarter late or not at all. A report is due by day {@code deadlineDay} of the
 * month after its quarter; a correction replaces a report, but lateness is that of the first one.
 */
public final class PlanService {
    private final ProgrammeCatalog programmes;
    private final OrganizationDirectory organizations;
    private final ProjectService projects;
    private final ResponseRepository repository;
    private final ResponseCounts counts;
    private final DefinitionCatalog definitions;
    private final Clock clock;
    private final ZoneId zone;
    private final int deadlineDay;

    public PlanService(ProgrammeCatalog programmes, OrganizationDirectory organizations, ProjectService projects, ResponseRepository repository,
            ResponseCounts counts, DefinitionCatalog definitions, Clock clock, ZoneId zone, int deadlineDay) {
        this.programmes = requireNonNull(programmes, "programmes is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.counts = requireNonNull(counts, "counts is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.zone = requireNonNull(zone, "zone is null");
        if (deadlineDay < 1 || deadlineDay > 28) {
            throw new IllegalArgumentException("the reporting deadline must be a day from 1 to 28, got " + deadlineDay);
        }
        this.deadlineDay = deadlineDay;
    }

    /** One unit's report for a quarter: the current one, when it first came, and how many corrections followed. */
    public record Report(String organization, String quarter, String id, Map<String, Object> answers, String author, String submittedAt,
            String firstSubmittedAt, String deadline, boolean late, int corrections, List<Version> history) {
    }

    /** One version of a report. */
    public record Version(String id, String author, String submittedAt, Map<String, Object> answers) {
    }

    /** A figure against its target: the percentage done and the status ({@code met}, {@code on-track}, {@code behind}, {@code untracked}). */
    public record Figure(Double value, Double target, Double percentDone, String status) {
    }

    public record UnitFigure(String organization, Double value, Double target, Double percentDone, String status) {
    }

    public record IndicatorFulfilment(String id, String item, LocalizedText name, String scope, String measure, String source, Figure district,
            List<UnitFigure> units) {
    }

    /** How a unit stands with the report of the last quarter: {@code on-time}, {@code late}, {@code missing} or {@code due}. */
    public record ReportStatus(String organization, String status, String submittedAt) {
    }

    public record ProgrammeView(String id, LocalizedText name, boolean provisional) {
    }

    public record Fulfilment(int year, ProgrammeView programme, String asOf, String throughQuarter, int quartersEnded, String lastQuarter,
            String deadline, List<IndicatorFulfilment> indicators, List<ReportStatus> lastQuarterReports, List<ReportStatus> lateOrMissing) {
    }

    /** The year's fulfilment as of today, counting the quarters reported so far. */
    public Fulfilment fulfilment(int year) {
        LocalDate today = today();
        String last = lastEndedQuarter(year, today);
        return fulfilment(year, year < today.getYear() ? year + "-Q4" : Periods.quarterOf(today), last, today);
    }

    /** The fulfilment as the analytical report of a quarter shows it: reports of the year up to that quarter. */
    public Fulfilment fulfilmentThrough(String quarter) {
        int year = Periods.quarterStart(quarter).getYear();
        return fulfilment(year, quarter, quarter, today());
    }

    private Fulfilment fulfilment(int year, String throughQuarter, String lastQuarter, LocalDate today) {
        Programme programme = programmes.forYear(year).orElse(null);
        List<Organization> units = units();
        Map<String, Map<String, Report>> reports = reports(year, throughQuarter);
        int ended = lastQuarter == null ? 0 : Integer.parseInt(lastQuarter.substring(lastQuarter.length() - 1));
        List<IndicatorFulfilment> indicators = new ArrayList<>();
        if (programme != null) {
            for (Programme.Indicator indicator : programme.indicators()) {
                indicators.add(indicator(indicator, year, throughQuarter, units, reports, ended));
            }
        }
        List<ReportStatus> statuses = new ArrayList<>();
        String deadline = lastQuarter == null ? null : deadline(lastQuarter).toString();
        if (lastQuarter != null) {
            for (Organization unit : units) {
                Report report = reports.getOrDefault(unit.id(), Map.of()).get(lastQuarter);
                String status = report != null ? (report.late() ? "late" : "on-time") : today.isAfter(deadline(lastQuarter)) ? "missing" : "due";
                statuses.add(new ReportStatus(unit.id(), status, report == null ? null : report.firstSubmittedAt()));
            }
        }
        return new Fulfilment(year, programme == null ? null : new ProgrammeView(programme.id(), programme.name(), programme.provisional()),
                today.toString(), throughQuarter, ended, lastQuarter, deadline, indicators, statuses,
                statuses.stream().filter(status -> status.status().equals("late") || status.status().equals("missing")).toList());
    }

    private IndicatorFulfilment indicator(Programme.Indicator indicator, int year, String throughQuarter, List<Organization> units,
            Map<String, Map<String, Report>> reports, int ended) {
        Double generalTarget = indicator.target(year, null);
        boolean percent = indicator.measure().equals("percent");
        List<UnitFigure> unitFigures = new ArrayList<>();
        Figure district;
        switch (indicator.source()) {
            case "untracked" -> district = new Figure(null, generalTarget, null, "untracked");
            case "surveys" -> district = figure(surveyQuarters(year, throughQuarter), generalTarget, ended, false);
            case "replicated-share" -> {
                List<Project> implemented = implementedProjects(year);
                Double share;
                if (!implemented.isEmpty()) {
                    share = 100.0 * implemented.stream().filter(Project::replica).count() / implemented.size();
                }
                else {
                    double done = sum(reports, "projects_implemented");
                    share = done == 0 ? null : 100.0 * sum(reports, "projects_replicated") / done;
                }
                district = figure(share, generalTarget, ended, true);
            }
            default -> {
                double total = 0;
                double targets = 0;
                boolean anyTarget = false;
                for (Organization unit : units) {
                    double value = unitValue(indicator, year, unit.id(), reports.getOrDefault(unit.id(), Map.of()));
                    Double target = indicator.target(year, unit.kind());
                    total += value;
                    if (target != null) {
                        targets += target;
                        anyTarget = true;
                    }
                    Figure figure = figure(value, target, ended, percent);
                    unitFigures.add(new UnitFigure(unit.id(), figure.value(), figure.target(), figure.percentDone(), figure.status()));
                }
                district = indicator.scope().equals("unit") ? figure(total, anyTarget ? targets : null, ended, percent)
                        : figure(total, generalTarget, ended, percent);
            }
        }
        return new IndicatorFulfilment(indicator.id(), indicator.item(), indicator.name(), indicator.scope(), indicator.measure(), indicator.source(),
                district, unitFigures);
    }

    /** A unit's value: from the register for implemented projects when the year has any, otherwise from its reports. */
    private double unitValue(Programme.Indicator indicator, int year, String unit, Map<String, Report> byQuarter) {
        if (indicator.source().equals("projects-implemented")) {
            List<Project> implemented = implementedProjects(year);
            if (!implemented.isEmpty()) {
                return implemented.stream().filter(project -> project.organization().equals(unit)).count();
            }
            return reportValue(byQuarter, "projects_implemented", "sum");
        }
        return reportValue(byQuarter, indicator.field(), indicator.aggregate());
    }

    private static double reportValue(Map<String, Report> byQuarter, String field, String aggregate) {
        List<Report> ordered = byQuarter.values().stream().sorted(Comparator.comparing(Report::quarter)).toList();
        if ("latest".equals(aggregate)) {
            return ordered.isEmpty() ? 0 : number(ordered.get(ordered.size() - 1).answers().get(field));
        }
        return ordered.stream().mapToDouble(report -> number(report.answers().get(field))).sum();
    }

    private static double sum(Map<String, Map<String, Report>> reports, String field) {
        return reports.values().stream().flatMap(byQuarter -> byQuarter.values().stream()).mapToDouble(report -> number(report.answers().get(field)))
                .sum();
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : 0;
    }

    /**
     * A value against its target. Met when it reaches the target; otherwise on track when it reaches
     * the target's share for the quarters ended (a count builds up over the year; a percentage must
     * hold all year), behind when not.
     */
    private static Figure figure(Double value, Double target, int ended, boolean percent) {
        if (target == null) {
            return new Figure(value, null, null, null);
        }
        double shown = value == null ? 0 : value;
        Double done = target == 0 ? null : 100.0 * shown / target;
        String status;
        if (shown >= target) {
            status = "met";
        }
        else if (percent) {
            status = value == null && ended == 0 ? "on-track" : "behind";
        }
        else {
            status = shown >= target * ended / 4.0 ? "on-track" : "behind";
        }
        return new Figure(value, target, done, status);
    }

    private List<Project> implementedProjects(int year) {
        return projects.list(project -> project.year() == year && project.status() == Project.Status.IMPLEMENTED);
    }

    /** The number of quarters of the year, up to {@code through}, in which any citizens' survey was answered. */
    private double surveyQuarters(int year, String through) {
        TreeSet<String> quarters = new TreeSet<>();
        for (SurveyDefinition definition : definitions.latest()) {
            if (definition.audience().equals("citizens")) {
                counts.read(definition.id(), cells -> {
                    cells.forEach((key, group) -> {
                        if (group.responses() > 0 && key.period().startsWith(year + "-Q") && key.period().compareTo(through) <= 0) {
                            quarters.add(key.period());
                        }
                    });
                    return null;
                });
            }
        }
        return quarters.size();
    }

    /** The units that report on the plan. */
    private List<Organization> units() {
        return organizations.all().stream().filter(Organization::reporting).toList();
    }

    /**
     * The reports of a year up to a quarter: by unit, then by quarter, each with its corrections.
     */
    public Map<String, Map<String, Report>> reports(int year, String throughQuarter) {
        Optional<SurveyDefinition> survey = reportSurvey();
        Map<String, Map<String, List<StoredResponse>>> versions = new HashMap<>();
        survey.ifPresent(definition -> repository.forEach(definition.id(), response -> {
            if (response.attributed() && response.period().startsWith(year + "-Q") && response.period().compareTo(throughQuarter) <= 0) {
                versions.computeIfAbsent(response.organization(), unit -> new HashMap<>())
                        .computeIfAbsent(response.period(), quarter -> new ArrayList<>()).add(response);
            }
        }));
        Map<String, Map<String, Report>> reports = new LinkedHashMap<>();
        versions.forEach((unit, byQuarter) -> byQuarter.forEach((quarter, list) -> {
            list.sort(Comparator.comparing(StoredResponse::submittedAt).thenComparing(StoredResponse::id));
            StoredResponse first = list.get(0);
            StoredResponse current = list.get(list.size() - 1);
            LocalDate deadline = deadline(quarter);
            boolean late = LocalDate.ofInstant(Instant.parse(first.submittedAt()), zone).isAfter(deadline);
            reports.computeIfAbsent(unit, key -> new LinkedHashMap<>()).put(quarter, new Report(unit, quarter, current.id(), current.answers(),
                    current.author(), current.submittedAt(), first.submittedAt(), deadline.toString(), late, list.size() - 1,
                    list.stream().map(version -> new Version(version.id(), version.author(), version.submittedAt(), version.answers())).toList()));
        }));
        return reports;
    }

    /**
     * What the programmes ask of the report definition: every {@code report} indicator names a
     * number question of the survey answered by coordinators.
     */
    public static List<String> check(ProgrammeCatalog programmes, DefinitionCatalog definitions) {
        List<String> problems = new ArrayList<>();
        Optional<SurveyDefinition> survey = definitions.latest().stream().filter(definition -> definition.audience().equals("coordinators"))
                .findFirst();
        for (Programme programme : programmes.all()) {
            for (Programme.Indicator indicator : programme.indicators()) {
                if (!indicator.source().equals("report")) {
                    continue;
                }
                boolean found = survey.flatMap(definition -> definition.question(indicator.field()))
                        .filter(question -> question.type() == ru.berezhno.spi.QuestionType.NUMBER).isPresent();
                if (!found) {
                    problems.add("programmes/" + programme.id() + ": indicator '" + indicator.id() + "': field '" + indicator.field()
                            + "' is not a number question of the coordinators' report" + survey.map(definition -> " " + definition.id()).orElse(" (none is defined)"));
                }
            }
        }
        return problems;
    }

    /** The survey units report on: the one answered by coordinators. */
    public Optional<SurveyDefinition> reportSurvey() {
        return definitions.latest().stream().filter(definition -> definition.audience().equals("coordinators")).findFirst();
    }

    /** The last day a quarter's report is on time: day {@code deadlineDay} of the month after the quarter. */
    public LocalDate deadline(String quarter) {
        return Periods.quarterStart(quarter).plusMonths(3).withDayOfMonth(deadlineDay);
    }

    /** The last quarter of a year that has ended by today, or null when none has. */
    static String lastEndedQuarter(int year, LocalDate today) {
        if (today.getYear() > year) {
            return year + "-Q4";
        }
        if (today.getYear() < year) {
            return null;
        }
        String current = Periods.quarterOf(today);
        return current.endsWith("Q1") ? null : Periods.previousQuarter(current);
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** Checks a quarter given by a user; the analytical report exists only for a quarter that has ended. */
    public void checkEnded(String quarter) {
        if (Periods.quarterStart(quarter).plusMonths(3).isAfter(today())) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.quarterNotEnded", quarter);
        }
    }
}

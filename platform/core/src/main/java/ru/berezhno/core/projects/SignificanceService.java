package ru.berezhno.core.projects;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.core.responses.StoredResponse;
import ru.berezhno.core.results.ListResponseGroup;
import ru.berezhno.core.statistics.CommonsMathStatistics;
import ru.berezhno.spi.IndexValue;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.SurveyDefinition;

/**
 * The significance of registered projects from the experts' scoresheets: a survey answered by
 * experts ({@code audience: experts}), each sheet naming its project. An expert's latest sheet on a
 * project is the current one; earlier ones are kept as history. The kind computes the indices over
 * a project's current sheets: {@code total}, {@code spread}, {@code criterion.<id>}, {@code gate}
 * and {@code recommended} (1 or 0).
 */
public final class SignificanceService {
    private final ProjectService projects;
    private final ResponseRepository repository;
    private final DefinitionCatalog definitions;
    private final PluginRegistry plugins;
    private final CommonsMathStatistics statistics = new CommonsMathStatistics();

    public SignificanceService(ProjectService projects, ResponseRepository repository, DefinitionCatalog definitions, PluginRegistry plugins) {
        this.projects = requireNonNull(projects, "projects is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
    }

    /** One sheet: its expert, when it came, the version it answered, its scores, and whether it is the expert's current one. */
    public record Sheet(String id, String expert, String submittedAt, int version, Map<String, Object> scores, boolean current) {
    }

    /** An index's value and 95% interval (or null). */
    public record Figure(double value, List<Double> ci95) {
    }

    /** A project's significance. Figures are absent while no expert has scored it. */
    public record Significance(Project project, String survey, int version, boolean provisional, int experts, Figure total, Double spread,
            List<Double> range, Map<String, Figure> criteria, Boolean gatePassed, Boolean recommendedForReplication,
            double replicationThreshold, List<Sheet> sheets) {
        /** The aggregate alone, without the experts' named sheets (for everyone but administrators and analysts). */
        public Significance withoutSheets() {
            return new Significance(project, survey, version, provisional, experts, total, spread, range, criteria, gatePassed,
                    recommendedForReplication, replicationThreshold, null);
        }
    }

    /** The projects of a year ranked by their total, with the experts' agreement. */
    public record YearRanking(int year, String survey, boolean provisional, List<Ranked> projects, Agreement agreement) {
    }

    public record Ranked(int rank, Project project, int experts, double total, double spread, boolean gatePassed, boolean recommendedForReplication) {
    }

    /**
     * Kendall's W over the experts who scored every ranked project (with the chi-square p-value), or
     * null W when fewer than two such experts or projects; {@code experts} names who counted.
     */
    public record Agreement(List<String> experts, int projects, Double w, Double chiSquare, Integer degreesOfFreedom, Double p) {
    }

    /** The scoresheet survey: the one given, or the only one answered by experts. */
    public SurveyDefinition rubric(String surveyId) {
        if (surveyId != null) {
            SurveyDefinition definition = definitions.latest(surveyId)
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownSurvey", surveyId));
            if (!definition.audience().equals("experts")) {
                throw new ApiException(ErrorCode.NOT_FOUND, "detail.noScoresheets", surveyId);
            }
            return definition;
        }
        List<SurveyDefinition> rubrics = definitions.latest().stream().filter(definition -> definition.audience().equals("experts")).toList();
        if (rubrics.size() != 1) {
            throw new ApiException(ErrorCode.NOT_FOUND, "detail.noScoresheets",
                    rubrics.stream().map(SurveyDefinition::id).collect(Collectors.joining(", ")));
        }
        return rubrics.get(0);
    }

    public Significance significance(String projectId, String surveyId) {
        Project project = projects.find(projectId).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownProject", projectId));
        SurveyDefinition rubric = rubric(surveyId);
        List<StoredResponse> all = sheets(rubric.id()).getOrDefault(projectId, List.of());
        List<StoredResponse> current = current(all);
        List<Sheet> sheets = all.stream().map(sheet -> sheet(sheet, current.contains(sheet))).toList();
        double threshold = ((Number) rubric.options().getOrDefault("replicationThreshold", 0)).doubleValue();
        boolean provisional = Boolean.TRUE.equals(rubric.options().get("provisional"));
        if (current.isEmpty()) {
            return new Significance(project, rubric.id(), rubric.version(), provisional, 0, null, null, null, Map.of(), null, null, threshold, sheets);
        }
        Map<String, IndexValue> indices = indices(rubric, current);
        Map<String, Figure> criteria = new LinkedHashMap<>();
        indices.forEach((name, value) -> {
            if (name.startsWith("criterion.")) {
                criteria.put(name.substring("criterion.".length()), figure(value));
            }
        });
        List<Double> totals = sheets.stream().filter(Sheet::current).map(sheet -> ((Number) sheet.scores().get("total")).doubleValue()).toList();
        return new Significance(project, rubric.id(), rubric.version(), provisional, current.size(), figure(indices.get("total")),
                indices.get("spread").value(), List.of(totals.stream().min(Double::compare).orElseThrow(), totals.stream().max(Double::compare).orElseThrow()),
                criteria, indices.get("gate").value() == 1, indices.get("recommended").value() == 1, threshold, sheets);
    }

    public YearRanking ranking(int year, String surveyId) {
        SurveyDefinition rubric = rubric(surveyId);
        Map<String, List<StoredResponse>> byProject = sheets(rubric.id());
        List<Ranked> ranked = new ArrayList<>();
        Map<String, Map<String, Double>> totalsByExpert = new HashMap<>();
        for (Project project : projects.list(candidate -> candidate.year() == year)) {
            List<StoredResponse> current = current(byProject.getOrDefault(project.id(), List.of()));
            if (current.isEmpty()) {
                continue;
            }
            Map<String, IndexValue> indices = indices(rubric, current);
            ranked.add(new Ranked(0, project, current.size(), indices.get("total").value(), indices.get("spread").value(),
                    indices.get("gate").value() == 1, indices.get("recommended").value() == 1));
            for (StoredResponse sheet : current) {
                totalsByExpert.computeIfAbsent(sheet.author(), expert -> new HashMap<>()).put(project.id(),
                        ((Number) kind(rubric).score(rubric, sheet.toResponse()).get("total")).doubleValue());
            }
        }
        ranked.sort(Comparator.comparingDouble(Ranked::total).reversed().thenComparing(entry -> entry.project().title()));
        List<Ranked> withRanks = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            Ranked entry = ranked.get(i);
            int rank = i > 0 && ranked.get(i - 1).total() == entry.total() ? withRanks.get(i - 1).rank() : i + 1;
            withRanks.add(new Ranked(rank, entry.project(), entry.experts(), entry.total(), entry.spread(), entry.gatePassed(),
                    entry.recommendedForReplication()));
        }
        return new YearRanking(year, rubric.id(), Boolean.TRUE.equals(rubric.options().get("provisional")), withRanks,
                agreement(withRanks, totalsByExpert));
    }

    private Agreement agreement(List<Ranked> ranked, Map<String, Map<String, Double>> totalsByExpert) {
        List<String> complete = totalsByExpert.entrySet().stream().filter(entry -> entry.getValue().size() == ranked.size())
                .map(Map.Entry::getKey).sorted().toList();
        double[][] scores = new double[complete.size()][ranked.size()];
        for (int i = 0; i < complete.size(); i++) {
            for (int j = 0; j < ranked.size(); j++) {
                scores[i][j] = totalsByExpert.get(complete.get(i)).get(ranked.get(j).project().id());
            }
        }
        CommonsMathStatistics.Concordance concordance = statistics.kendallW(scores);
        return concordance == null ? new Agreement(complete, ranked.size(), null, null, null, null)
                : new Agreement(complete, ranked.size(), concordance.w(), concordance.chiSquare(), concordance.degreesOfFreedom(), concordance.p());
    }

    /** Every attributed sheet of the survey by project, oldest first. */
    private Map<String, List<StoredResponse>> sheets(String surveyId) {
        Map<String, List<StoredResponse>> byProject = new HashMap<>();
        repository.forEach(surveyId, response -> {
            if (response.attributed() && response.subject() != null) {
                byProject.computeIfAbsent(response.subject(), project -> new ArrayList<>()).add(response);
            }
        });
        byProject.values().forEach(list -> list.sort(Comparator.comparing(StoredResponse::submittedAt).thenComparing(StoredResponse::id)));
        return byProject;
    }

    /** Each expert's latest sheet, in the order given. */
    private static List<StoredResponse> current(List<StoredResponse> sheets) {
        Map<String, StoredResponse> latest = new LinkedHashMap<>();
        sheets.forEach(sheet -> latest.put(sheet.author(), sheet));
        return sheets.stream().filter(sheet -> latest.get(sheet.author()) == sheet).toList();
    }

    private Map<String, IndexValue> indices(SurveyDefinition rubric, List<StoredResponse> current) {
        InstrumentKind kind = kind(rubric);
        return kind.indices(rubric, new ListResponseGroup(current.stream().map(StoredResponse::toResponse).toList(), kind, rubric), statistics);
    }

    private Sheet sheet(StoredResponse response, boolean current) {
        SurveyDefinition definition = definitions.version(response.survey(), response.version()).or(() -> definitions.latest(response.survey()))
                .orElseThrow();
        return new Sheet(response.id(), response.author(), response.submittedAt(), response.version(),
                kind(definition).score(definition, response.toResponse()), current);
    }

    private InstrumentKind kind(SurveyDefinition definition) {
        return plugins.kind(definition.kind()).orElseThrow();
    }

    private static Figure figure(IndexValue value) {
        return new Figure(value.value(), value.ci95() == null ? null : List.of(value.ci95().lower(), value.ci95().upper()));
    }
}

package ru.berezhno.server;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.organizations.Organization;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.core.statistics.CommonsMathStatistics;
import ru.berezhno.core.statistics.Summary;
import ru.berezhno.core.results.Results;
import ru.berezhno.core.results.ResultsQuery;
import ru.berezhno.spi.IndexValue;
import ru.berezhno.spi.Interval;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.Response;
import ru.berezhno.spi.SurveyDefinition;
import ru.berezhno.core.results.ListResponseGroup;

/**
 * Results computed the slow, obvious way, by reading every response: the reference against which
 * the counted results are checked. Comments are left out (the counted path samples them).
 */
final class FullScanResults {
    private static final int LOWEST_THRESHOLD = 3;

    private final DefinitionCatalog definitions;
    private final PluginRegistry plugins;
    private final ResponseRepository repository;
    private final OrganizationDirectory organizations;
    private final CommonsMathStatistics statistics = new CommonsMathStatistics();
    private final int minimumGroupSize;

    FullScanResults(DefinitionCatalog definitions, PluginRegistry plugins, ResponseRepository repository,
            OrganizationDirectory organizations, int minimumGroupSize) {
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        if (minimumGroupSize < LOWEST_THRESHOLD) {
            throw new IllegalArgumentException("anonymity thresholds must be at least " + LOWEST_THRESHOLD);
        }
        this.minimumGroupSize = minimumGroupSize;
    }

    Results results(String surveyId, ResultsQuery query) {
        SurveyDefinition definition = definitions.latest(surveyId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownSurvey", surveyId));
        boolean byOrganization = query.groupBy().contains(ResultsQuery.Dimension.ORGANIZATION);
        boolean byPeriod = query.groupBy().contains(ResultsQuery.Dimension.PERIOD);
        Map<List<String>, List<Response>> groups = new HashMap<>();
        long[] total = {0};
        repository.forEach(surveyId, stored -> {
            if ((query.organization() != null && !query.organization().equals(stored.organization()))
                    || (query.period() != null && !query.period().equals(stored.period()))) {
                return;
            }
            total[0]++;
            List<String> key = java.util.Arrays.asList(byOrganization ? stored.organization() : query.organization(),
                    byPeriod ? stored.period() : query.period());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(stored.toResponse());
        });
        if (groups.isEmpty() && query.groupBy().isEmpty()) {
            groups.put(java.util.Arrays.asList(query.organization(), query.period()), List.of());
        }
        Map<String, Integer> order = new HashMap<>();
        List<Organization> all = organizations.all();
        for (int i = 0; i < all.size(); i++) {
            order.put(all.get(i).id(), i);
        }
        Comparator<List<String>> byKey = Comparator.<List<String>, Integer>comparing(key -> key.get(0) == null ? -1 : order.getOrDefault(key.get(0), Integer.MAX_VALUE))
                .thenComparing(key -> key.get(1) == null ? "" : key.get(1));
        List<Results.Group> result = new ArrayList<>();
        groups.entrySet().stream().sorted(Map.Entry.comparingByKey(byKey))
                .forEach(entry -> result.add(group(definition, entry.getKey().get(0), entry.getKey().get(1), entry.getValue())));
        return new Results(surveyId, total[0] > 0 && total[0] < minimumGroupSize ? null : total[0], result);
    }

    private Results.Group group(SurveyDefinition definition, String organization, String period, List<Response> responses) {
        if (responses.size() < minimumGroupSize) {
            return new Results.Group(organization, period, null, true, null, null, null);
        }
        Map<String, Results.QuestionResult> questions = new LinkedHashMap<>();
        for (Question question : definition.questions()) {
            long answered = responses.stream().filter(response -> response.answers().get(question.id()) != null).count();
            // A question too few answered in the group is withheld (the reference knows no complementary suppression).
            questions.put(question.id(), answered > 0 && answered < minimumGroupSize
                    ? new Results.QuestionResult(null, null, null, null, null, null, true) : question(question, responses));
        }
        Map<String, Results.IndexResult> indices = new LinkedHashMap<>();
        Map<String, IndexValue> values = plugins.kind(definition.kind()).orElseThrow()
                .indices(definition, new ListResponseGroup(responses), statistics);
        values.forEach((name, value) -> indices.put(name, new Results.IndexResult(value.value(), interval(value.ci95()))));
        return new Results.Group(organization, period, (long) responses.size(), false, null, questions, indices);
    }

    private Results.QuestionResult question(Question question, List<Response> responses) {
        List<Object> answers = responses.stream().map(response -> response.answers().get(question.id())).filter(Objects::nonNull).toList();
        switch (question.type()) {
            case SCALE -> {
                Map<Long, Long> counts = new TreeMap<>();
                for (int level = question.scaleMin(); level <= question.scaleMax(); level++) {
                    counts.put((long) level, 0L);
                }
                answers.forEach(answer -> counts.merge((Long) answer, 1L, Long::sum));
                Summary summary = statistics.summariseCounts(counts);
                Map<String, Long> distribution = new LinkedHashMap<>();
                counts.forEach((level, count) -> distribution.put(String.valueOf(level), count));
                return new Results.QuestionResult(summary.n(), summary.mean(), summary.sd(), interval(summary.ci95()), distribution, null, null);
            }
            case NUMBER -> {
                Summary summary = statistics.summarise(answers.stream()
                        .mapToDouble(answer -> answer instanceof BigDecimal decimal ? decimal.doubleValue() : ((Number) answer).doubleValue()).toArray());
                return new Results.QuestionResult(summary.n(), summary.mean(), summary.sd(), interval(summary.ci95()), null, null, null);
            }
            case SINGLE, MULTIPLE -> {
                Map<String, Long> distribution = new LinkedHashMap<>();
                question.options().forEach(option -> distribution.put(option.id(), 0L));
                for (Object answer : answers) {
                    if (answer instanceof List<?> chosen) {
                        chosen.forEach(option -> distribution.merge((String) option, 1L, Long::sum));
                    }
                    else {
                        distribution.merge((String) answer, 1L, Long::sum);
                    }
                }
                return new Results.QuestionResult((long) answers.size(), null, null, null, distribution, null, null);
            }
            case TEXT -> {
                return new Results.QuestionResult((long) answers.size(), null, null, null, null, null, null);
            }
            default -> throw new IllegalStateException("unhandled question type " + question.type());
        }
    }

    private static List<Double> interval(Interval interval) {
        return interval == null ? null : List.of(interval.lower(), interval.upper());
    }
}

package ru.berezhno.plugins.citizen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

import ru.berezhno.spi.DefinitionProblem;
import ru.berezhno.spi.IndexValue;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Interval;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.QuestionType;
import ru.berezhno.spi.Response;
import ru.berezhno.spi.ResponseGroup;
import ru.berezhno.spi.Statistics;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Kind {@code citizen-satisfaction}. The definition names, in {@code options}:
 * <ul>
 * <li>{@code criteria}: the ids of the rated criteria ({@code scale} questions);</li>
 * <li>{@code satisfiedLevels}: the levels that count as satisfied (top-2 box: 4 and 5);</li>
 * <li>{@code recommend}: optionally, the id of the 0–10 likelihood-to-recommend question.</li>
 * </ul>
 * Indices: {@code satisfaction}, the percentage of all criteria ratings at a satisfied level, with
 * the 95% Wilson interval over ratings; {@code nps}, the percentage of promoters (9–10) minus that
 * of detractors (0–6), with the normal-approximation interval of a difference of two multinomial
 * shares, {@code ±z·sqrt((p+d−(p−d)²)/n)}, clipped to [−100, 100].
 */
final class CitizenSatisfactionKind implements InstrumentKind {
    static final String CRITERIA = "criteria";
    static final String SATISFIED_LEVELS = "satisfiedLevels";
    static final String RECOMMEND = "recommend";

    @Override
    public String id() {
        return "citizen-satisfaction";
    }

    @Override
    public List<DefinitionProblem> validate(SurveyDefinition definition) {
        List<DefinitionProblem> problems = new ArrayList<>();
        Object criteria = definition.options().get(CRITERIA);
        if (!(criteria instanceof List<?> list) || list.isEmpty()) {
            problems.add(new DefinitionProblem("options." + CRITERIA, "must list the ids of the rated criteria"));
        }
        else {
            for (int i = 0; i < list.size(); i++) {
                Object questionId = list.get(i);
                Optional<Question> question = questionId instanceof String id ? definition.question(id) : Optional.empty();
                if (question.isEmpty() || question.get().type() != QuestionType.SCALE) {
                    problems.add(new DefinitionProblem("options." + CRITERIA + "[" + i + "]",
                            "'" + questionId + "' is not a scale question of this definition"));
                }
            }
        }
        Object levels = definition.options().get(SATISFIED_LEVELS);
        if (!(levels instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(level -> level instanceof Number)) {
            problems.add(new DefinitionProblem("options." + SATISFIED_LEVELS, "must list the levels that count as satisfied, such as [4, 5]"));
        }
        Object recommend = definition.options().get(RECOMMEND);
        if (recommend != null) {
            Optional<Question> question = recommend instanceof String id ? definition.question(id) : Optional.empty();
            if (question.isEmpty() || question.get().type() != QuestionType.SCALE
                    || question.get().scaleMin() != 0 || question.get().scaleMax() != 10) {
                problems.add(new DefinitionProblem("options." + RECOMMEND, "'" + recommend + "' is not a 0–10 scale question of this definition"));
            }
        }
        return problems;
    }

    @Override
    public Map<String, Object> score(SurveyDefinition definition, Response response) {
        List<Long> satisfied = satisfiedLevels(definition);
        long ratings = 0;
        long satisfiedRatings = 0;
        long sum = 0;
        for (String criterion : criteria(definition)) {
            if (response.answers().get(criterion) instanceof Long level) {
                ratings++;
                sum += level;
                if (satisfied.contains(level)) {
                    satisfiedRatings++;
                }
            }
        }
        Map<String, Object> scores = new LinkedHashMap<>();
        if (ratings > 0) {
            scores.put("satisfaction", 100.0 * satisfiedRatings / ratings);
            scores.put("criteriaMean", (double) sum / ratings);
        }
        recommendQuestion(definition).map(response.answers()::get).ifPresent(answer -> {
            long value = (Long) answer;
            scores.put("npsGroup", value >= 9 ? "promoter" : value <= 6 ? "detractor" : "passive");
        });
        return scores;
    }

    @Override
    public Map<String, IndexValue> indices(SurveyDefinition definition, ResponseGroup group, Statistics statistics) {
        Map<String, IndexValue> indices = new LinkedHashMap<>();
        List<Long> satisfied = satisfiedLevels(definition);
        long ratings = 0;
        long satisfiedRatings = 0;
        for (String criterion : criteria(definition)) {
            for (Map.Entry<Long, Long> entry : group.valueCounts(criterion).entrySet()) {
                ratings += entry.getValue();
                if (satisfied.contains(entry.getKey())) {
                    satisfiedRatings += entry.getValue();
                }
            }
        }
        if (ratings > 0) {
            Interval share = statistics.wilson(satisfiedRatings, ratings);
            indices.put("satisfaction", new IndexValue(100.0 * satisfiedRatings / ratings,
                    new Interval(100.0 * share.lower(), 100.0 * share.upper())));
        }
        recommendQuestion(definition).ifPresent(question -> {
            SortedMap<Long, Long> counts = group.valueCounts(question);
            long n = counts.values().stream().mapToLong(Long::longValue).sum();
            if (n == 0) {
                return;
            }
            long promoters = counts.tailMap(9L).values().stream().mapToLong(Long::longValue).sum();
            long detractors = counts.headMap(7L).values().stream().mapToLong(Long::longValue).sum();
            double p = (double) promoters / n;
            double d = (double) detractors / n;
            double halfWidth = statistics.normalQuantile(0.975) * Math.sqrt((p + d - (p - d) * (p - d)) / n);
            double value = 100.0 * (p - d);
            indices.put("nps", new IndexValue(value,
                    new Interval(Math.max(-100.0, value - 100.0 * halfWidth), Math.min(100.0, value + 100.0 * halfWidth))));
        });
        return indices;
    }

    private static List<String> criteria(SurveyDefinition definition) {
        return ((List<?>) definition.options().get(CRITERIA)).stream().map(String.class::cast).toList();
    }

    private static List<Long> satisfiedLevels(SurveyDefinition definition) {
        return ((List<?>) definition.options().get(SATISFIED_LEVELS)).stream().map(level -> ((Number) level).longValue()).toList();
    }

    private static Optional<String> recommendQuestion(SurveyDefinition definition) {
        return Optional.ofNullable((String) definition.options().get(RECOMMEND));
    }
}

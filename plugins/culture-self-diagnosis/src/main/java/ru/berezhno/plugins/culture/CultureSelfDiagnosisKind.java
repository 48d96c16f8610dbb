package ru.berezhno.plugins.culture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

import ru.berezhno.spi.DefinitionProblem;
import ru.berezhno.spi.Finding;
import ru.berezhno.spi.IndexValue;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Interval;
import ru.berezhno.spi.Option;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.QuestionType;
import ru.berezhno.spi.Response;
import ru.berezhno.spi.ResponseGroup;
import ru.berezhno.spi.Section;
import ru.berezhno.spi.Statistics;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Kind {@code culture-self-diagnosis}. The definition names, in {@code options}:
 * <ul>
 * <li>{@code scales}: the ids of the sections that are scales; every question of such a section is
 * a {@code scale} item of one common range, reverse-keyed items marked {@code reverse: true};</li>
 * <li>{@code losses}: optionally, the id of the {@code multiple} checklist of losses met at work.</li>
 * </ul>
 * A reverse-keyed answer x counts as (min + max) − x (6 − x on a 1–5 scale). A respondent's scale
 * score is the mean of the keyed items they answered.
 *
 * <p>Indices, over respondents who answered every item of a scale: {@code scale.<id>}, the mean
 * scale score with its 95% t-interval; {@code alpha.<id>}, Cronbach's
 * α = k/(k−1)·(1 − Σσᵢ²/σ²ₜₒₜₐₗ). And {@code loss.<option>}, the percentage of respondents who
 * marked the loss, with its 95% Wilson interval. All of them follow from counted
 * values this kind derives from each response: {@code scale.<id>.total} and
 * {@code scale.<id>.item.<question>} for complete respondents, {@code loss.<option>} as 1 or 0.
 */
final class CultureSelfDiagnosisKind implements InstrumentKind {
    static final String SCALES = "scales";
    static final String LOSSES = "losses";
    static final String PROBLEM_THRESHOLD = "problemThreshold";
    static final double SIGNIFICANCE = 0.05;

    @Override
    public String id() {
        return "culture-self-diagnosis";
    }

    @Override
    public List<DefinitionProblem> validate(SurveyDefinition definition) {
        List<DefinitionProblem> problems = new ArrayList<>();
        Object scales = definition.options().get(SCALES);
        if (!(scales instanceof List<?> list) || list.isEmpty()) {
            problems.add(new DefinitionProblem("options." + SCALES, "must list the ids of the sections that are scales"));
        }
        else {
            for (int i = 0; i < list.size(); i++) {
                String path = "options." + SCALES + "[" + i + "]";
                Optional<Section> section = list.get(i) instanceof String id
                        ? definition.sections().stream().filter(candidate -> candidate.id().equals(id)).findFirst() : Optional.empty();
                if (section.isEmpty()) {
                    problems.add(new DefinitionProblem(path, "'" + list.get(i) + "' is not a section of this definition"));
                    continue;
                }
                List<Question> items = section.get().questions();
                if (items.size() < 2) {
                    problems.add(new DefinitionProblem(path, "a scale needs at least 2 items"));
                }
                for (Question item : items) {
                    if (item.type() != QuestionType.SCALE || item.scaleMin() != items.get(0).scaleMin() || item.scaleMax() != items.get(0).scaleMax()) {
                        problems.add(new DefinitionProblem(path, "item '" + item.id() + "' is not a scale question of the range of the first item"));
                    }
                }
            }
        }
        Object losses = definition.options().get(LOSSES);
        if (losses != null) {
            Optional<Question> question = losses instanceof String id ? definition.question(id) : Optional.empty();
            if (question.isEmpty() || question.get().type() != QuestionType.MULTIPLE) {
                problems.add(new DefinitionProblem("options." + LOSSES, "'" + losses + "' is not a multiple-choice question of this definition"));
            }
        }
        return problems;
    }

    @Override
    public Map<String, Object> score(SurveyDefinition definition, Response response) {
        Map<String, Object> scores = new LinkedHashMap<>();
        for (Section scale : scales(definition)) {
            long sum = 0;
            int answered = 0;
            for (Question item : scale.questions()) {
                if (response.answers().get(item.id()) instanceof Long value) {
                    sum += keyed(item, value);
                    answered++;
                }
            }
            if (answered > 0) {
                scores.put("scale." + scale.id(), (double) sum / answered);
            }
        }
        return scores;
    }

    @Override
    public Map<String, Long> derivedValues(SurveyDefinition definition, Response response) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Section scale : scales(definition)) {
            Map<String, Long> items = new LinkedHashMap<>();
            for (Question item : scale.questions()) {
                if (response.answers().get(item.id()) instanceof Long value) {
                    items.put(item.id(), keyed(item, value));
                }
            }
            if (items.size() == scale.questions().size()) {
                values.put("scale." + scale.id() + ".total", items.values().stream().mapToLong(Long::longValue).sum());
                items.forEach((item, value) -> values.put("scale." + scale.id() + ".item." + item, value));
            }
        }
        lossesQuestion(definition).ifPresent(question -> {
            // An unmarked checklist is indistinguishable from "none of these" on a paper or web form,
            // so every respondent counts in the denominator.
            List<?> chosen = response.answers().get(question.id()) instanceof List<?> list ? list : List.of();
            for (Option option : question.options()) {
                values.put("loss." + option.id(), chosen.contains(option.id()) ? 1L : 0L);
            }
        });
        return values;
    }

    @Override
    public Map<String, IndexValue> indices(SurveyDefinition definition, ResponseGroup group, Statistics statistics) {
        Map<String, IndexValue> indices = new LinkedHashMap<>();
        for (Section scale : scales(definition)) {
            int k = scale.questions().size();
            Moments total = Moments.of(group.valueCounts("scale." + scale.id() + ".total"));
            if (total.n() == 0) {
                continue;
            }
            Interval totalInterval = statistics.meanInterval(total.n(), total.mean(), Math.sqrt(total.variance()));
            indices.put("scale." + scale.id(), new IndexValue(total.mean() / k,
                    totalInterval == null ? null : new Interval(totalInterval.lower() / k, totalInterval.upper() / k)));
            if (total.n() >= 2 && total.variance() > 0) {
                double itemVariances = 0;
                for (Question item : scale.questions()) {
                    itemVariances += Moments.of(group.valueCounts("scale." + scale.id() + ".item." + item.id())).variance();
                }
                indices.put("alpha." + scale.id(), new IndexValue((double) k / (k - 1) * (1 - itemVariances / total.variance()), null));
            }
        }
        lossesQuestion(definition).ifPresent(question -> {
            for (Option option : question.options()) {
                SortedMap<Long, Long> marked = group.valueCounts("loss." + option.id());
                long yes = marked.getOrDefault(1L, 0L);
                long answered = yes + marked.getOrDefault(0L, 0L);
                if (answered > 0) {
                    Interval share = statistics.wilson(yes, answered);
                    indices.put("loss." + option.id(), new IndexValue(100.0 * yes / answered, new Interval(100 * share.lower(), 100 * share.upper())));
                }
            }
        });
        return indices;
    }

    /**
     * Per scale completed by someone: {@code low} when its mean is under {@code options.problemThreshold}
     * (default: the middle of the item range, 3 on 1–5); {@code decline} when it fell from the period
     * before and the Mann–Whitney test of the two periods' scale totals gives p &lt; 0.05. Lowest
     * means first: these are the promising directions for lean projects.
     */
    @Override
    public List<Finding> findings(SurveyDefinition definition, ResponseGroup current, ResponseGroup previous, Statistics statistics) {
        List<Finding> findings = new ArrayList<>();
        for (Section scale : scales(definition)) {
            int k = scale.questions().size();
            Question first = scale.questions().get(0);
            double threshold = definition.options().get(PROBLEM_THRESHOLD) instanceof Number number ? number.doubleValue()
                    : (first.scaleMin() + first.scaleMax()) / 2.0;
            SortedMap<Long, Long> now = current.valueCounts("scale." + scale.id() + ".total");
            Moments moments = Moments.of(now);
            if (moments.n() == 0) {
                continue;
            }
            double mean = moments.mean() / k;
            Double before = null;
            Double p = null;
            if (previous != null) {
                SortedMap<Long, Long> then = previous.valueCounts("scale." + scale.id() + ".total");
                if (Moments.of(then).n() > 0) {
                    before = Moments.of(then).mean() / k;
                    p = statistics.mannWhitneyP(now, then);
                }
            }
            if (mean < threshold) {
                findings.add(new Finding("low", scale.id(), mean, before, p));
            }
            if (before != null && mean < before && p < SIGNIFICANCE) {
                findings.add(new Finding("decline", scale.id(), mean, before, p));
            }
        }
        findings.sort(java.util.Comparator.comparingDouble(Finding::value));
        return findings;
    }

    /** A reverse-keyed item counts from the other end of its range. */
    static long keyed(Question item, long value) {
        return item.reverse() ? item.scaleMin() + item.scaleMax() - value : value;
    }

    private static List<Section> scales(SurveyDefinition definition) {
        List<?> ids = (List<?>) definition.options().get(SCALES);
        return definition.sections().stream().filter(section -> ids.contains(section.id())).toList();
    }

    private static Optional<Question> lossesQuestion(SurveyDefinition definition) {
        return Optional.ofNullable((String) definition.options().get(LOSSES)).flatMap(definition::question);
    }

    /** Count, mean and sample variance of a distribution given as counts per value. */
    record Moments(long n, double mean, double variance) {
        static Moments of(SortedMap<Long, Long> counts) {
            long n = 0;
            double sum = 0;
            for (Map.Entry<Long, Long> entry : counts.entrySet()) {
                n += entry.getValue();
                sum += (double) entry.getKey() * entry.getValue();
            }
            if (n == 0) {
                return new Moments(0, Double.NaN, Double.NaN);
            }
            double mean = sum / n;
            double squares = 0;
            for (Map.Entry<Long, Long> entry : counts.entrySet()) {
                squares += (entry.getKey() - mean) * (entry.getKey() - mean) * entry.getValue();
            }
            return new Moments(n, mean, n > 1 ? squares / (n - 1) : 0);
        }
    }
}

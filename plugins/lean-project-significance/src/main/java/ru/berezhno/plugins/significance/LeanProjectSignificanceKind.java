package ru.berezhno.plugins.significance;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * Kind {@code lean-project-significance}: an expert's scoresheet of one project against weighted
 * criteria. The definition names, in {@code options}:
 * <ul>
 * <li>{@code criteria}: a list of {@code {id, weight, points}}: a required {@code scale} question,
 * its weight (&gt; 0), and the points of each of its levels (default: the level itself);</li>
 * <li>{@code gate}: optionally {@code {criterion, level}}: a project passes when the mean points of
 * the criterion over its experts reach the points of that level;</li>
 * <li>{@code replicationThreshold}: the weighted total (0–100) from which a project that passes the
 * gate is recommended for replication;</li>
 * <li>{@code provisional}: true for a default rubric awaiting the official one.</li>
 * </ul>
 * A sheet's weighted total is {@code 100 · Σ wᵢ · pointsᵢ / maxPointsᵢ / Σ wᵢ}. Over a group of
 * sheets (one project's experts): {@code total}, the mean weighted total with its 95% t-interval;
 * {@code spread}, the standard deviation of the experts' totals; {@code criterion.<id>}, the mean
 * points of each criterion with its t-interval; {@code gate} and {@code recommended}, 1 when passed
 * or recommended, 0 otherwise.
 */
final class LeanProjectSignificanceKind implements InstrumentKind {
    /**
     * The sheet's weighted total in thousandths of a point, counted so that the group's spread needs
     * no scan. The group's mean total is exact: the weighted sum of the criteria's mean points.
     */
    static final String TOTAL_THOUSANDTHS = "weighted.total";

    @Override
    public String id() {
        return "lean-project-significance";
    }

    @Override
    public List<DefinitionProblem> validate(SurveyDefinition definition) {
        List<DefinitionProblem> problems = new ArrayList<>();
        Object criteria = definition.options().get("criteria");
        List<String> ids = new ArrayList<>();
        if (!(criteria instanceof List<?> list) || list.isEmpty()) {
            problems.add(new DefinitionProblem("options.criteria", "must list the criteria as {id, weight, points}"));
        }
        else {
            for (int i = 0; i < list.size(); i++) {
                String path = "options.criteria[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> entry) || !(entry.get("id") instanceof String id)) {
                    problems.add(new DefinitionProblem(path, "must be {id, weight, points}"));
                    continue;
                }
                ids.add(id);
                Optional<Question> question = definition.question(id);
                if (question.isEmpty() || question.get().type() != QuestionType.SCALE || !question.get().required()) {
                    problems.add(new DefinitionProblem(path + ".id", "'" + id + "' is not a required scale question of this definition"));
                    continue;
                }
                if (!(entry.get("weight") instanceof Number weight) || weight.doubleValue() <= 0) {
                    problems.add(new DefinitionProblem(path + ".weight", "must be a number above 0"));
                }
                Object points = entry.get("points");
                if (points != null) {
                    if (!(points instanceof Map<?, ?> levels)) {
                        problems.add(new DefinitionProblem(path + ".points", "must map every level to its points"));
                    }
                    else {
                        for (int level = question.get().scaleMin(); level <= question.get().scaleMax(); level++) {
                            if (!(levels.get(String.valueOf(level)) instanceof Number value) || value.doubleValue() < 0) {
                                problems.add(new DefinitionProblem(path + ".points", "level " + level + " has no points (a number ≥ 0)"));
                            }
                        }
                    }
                }
            }
        }
        Object gate = definition.options().get("gate");
        if (gate != null) {
            if (!(gate instanceof Map<?, ?> map) || !(map.get("criterion") instanceof String criterion) || !ids.contains(criterion)
                    || !(map.get("level") instanceof Number level) || definition.question(criterion).isEmpty()
                    || level.intValue() < definition.question(criterion).get().scaleMin()
                    || level.intValue() > definition.question(criterion).get().scaleMax()) {
                problems.add(new DefinitionProblem("options.gate", "must be {criterion, level} with one of the criteria and one of its levels"));
            }
        }
        if (!(definition.options().get("replicationThreshold") instanceof Number threshold) || threshold.doubleValue() < 0
                || threshold.doubleValue() > 100) {
            problems.add(new DefinitionProblem("options.replicationThreshold", "must be a number from 0 to 100"));
        }
        return problems;
    }

    /** A sheet: its weighted {@code total} (0–100, to 0.1) and the points given on each criterion. */
    @Override
    public Map<String, Object> score(SurveyDefinition definition, Response response) {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("total", tenth(total(definition, response)));
        for (Criterion criterion : criteria(definition)) {
            if (response.answers().get(criterion.id()) instanceof Long level) {
                scores.put(criterion.id(), criterion.points(level));
            }
        }
        return scores;
    }

    @Override
    public Map<String, Long> derivedValues(SurveyDefinition definition, Response response) {
        return Map.of(TOTAL_THOUSANDTHS, Math.round(total(definition, response) * 1000));
    }

    @Override
    public Map<String, IndexValue> indices(SurveyDefinition definition, ResponseGroup group, Statistics statistics) {
        Map<String, IndexValue> indices = new LinkedHashMap<>();
        Moments totals = Moments.of(group.valueCounts(TOTAL_THOUSANDTHS), value -> value / 1000.0);
        if (totals.n() == 0) {
            return indices;
        }
        Map<String, Double> means = new LinkedHashMap<>();
        Map<String, IndexValue> criteria = new LinkedHashMap<>();
        double weighted = 0;
        double weights = 0;
        for (Criterion criterion : criteria(definition)) {
            Moments points = Moments.of(group.valueCounts(criterion.id()), criterion::points);
            weights += criterion.weight();
            if (points.n() > 0) {
                means.put(criterion.id(), points.mean());
                weighted += criterion.weight() * points.mean() / criterion.maximum();
                criteria.put("criterion." + criterion.id(), new IndexValue(points.mean(), clip(points.interval(statistics), 0, criterion.maximum())));
            }
        }
        double mean = 100.0 * weighted / weights;
        Interval interval = totals.n() < 2 ? null : statistics.meanInterval(totals.n(), mean, totals.sd());
        indices.put("total", new IndexValue(mean, clip(interval, 0, 100)));
        indices.put("spread", new IndexValue(totals.n() < 2 ? 0.0 : totals.sd(), null));
        indices.putAll(criteria);
        boolean gate = gatePassed(definition, means);
        indices.put("gate", new IndexValue(gate ? 1 : 0, null));
        double threshold = ((Number) definition.options().get("replicationThreshold")).doubleValue();
        indices.put("recommended", new IndexValue(gate && mean >= threshold - 1e-9 ? 1 : 0, null));
        return indices;
    }

    private static boolean gatePassed(SurveyDefinition definition, Map<String, Double> means) {
        if (!(definition.options().get("gate") instanceof Map<?, ?> gate)) {
            return true;
        }
        String criterionId = (String) gate.get("criterion");
        Criterion criterion = criteria(definition).stream().filter(candidate -> candidate.id().equals(criterionId)).findFirst().orElseThrow();
        Double mean = means.get(criterionId);
        return mean != null && mean >= criterion.points(((Number) gate.get("level")).longValue()) - 1e-9;
    }

    static double total(SurveyDefinition definition, Response response) {
        double weighted = 0;
        double weights = 0;
        for (Criterion criterion : criteria(definition)) {
            weights += criterion.weight();
            if (response.answers().get(criterion.id()) instanceof Long level) {
                weighted += criterion.weight() * criterion.points(level) / criterion.maximum();
            }
        }
        return 100.0 * weighted / weights;
    }

    /** A criterion: its question, weight, and points per level. */
    record Criterion(String id, double weight, Map<Long, Double> points, double maximum) {
        double points(long level) {
            return points.getOrDefault(level, 0.0);
        }
    }

    static List<Criterion> criteria(SurveyDefinition definition) {
        List<Criterion> criteria = new ArrayList<>();
        for (Object item : (List<?>) definition.options().get("criteria")) {
            Map<?, ?> entry = (Map<?, ?>) item;
            String id = (String) entry.get("id");
            Question question = definition.question(id).orElseThrow();
            Map<Long, Double> points = new LinkedHashMap<>();
            for (long level = question.scaleMin(); level <= question.scaleMax(); level++) {
                Object given = entry.get("points") instanceof Map<?, ?> map ? map.get(String.valueOf(level)) : null;
                points.put(level, given instanceof Number number ? number.doubleValue() : (double) level);
            }
            double maximum = points.values().stream().mapToDouble(Double::doubleValue).max().orElse(1.0);
            criteria.add(new Criterion(id, ((Number) entry.get("weight")).doubleValue(), points, maximum == 0 ? 1.0 : maximum));
        }
        return criteria;
    }

    /** Count, mean and sample standard deviation of values given as counts. */
    private record Moments(long n, double mean, double sd) {
        static Moments of(SortedMap<Long, Long> counts, java.util.function.LongToDoubleFunction value) {
            long n = 0;
            double sum = 0;
            for (Map.Entry<Long, Long> entry : counts.entrySet()) {
                n += entry.getValue();
                sum += value.applyAsDouble(entry.getKey()) * entry.getValue();
            }
            if (n == 0) {
                return new Moments(0, Double.NaN, Double.NaN);
            }
            double mean = sum / n;
            double squares = 0;
            for (Map.Entry<Long, Long> entry : counts.entrySet()) {
                double deviation = value.applyAsDouble(entry.getKey()) - mean;
                squares += deviation * deviation * entry.getValue();
            }
            return new Moments(n, mean, n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1)));
        }

        Interval interval(Statistics statistics) {
            return n < 2 ? null : statistics.meanInterval(n, mean, sd);
        }
    }

    private static Interval clip(Interval interval, double lowest, double highest) {
        return interval == null ? null : new Interval(Math.max(lowest, interval.lower()), Math.min(highest, interval.upper()));
    }

    private static double tenth(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }
}

package ru.berezhno.plugins.fives;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.SortedMap;

import ru.berezhno.spi.AnswerProblem;
import ru.berezhno.spi.CorrectiveAction;
import ru.berezhno.spi.DefinitionProblem;
import ru.berezhno.spi.IndexValue;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Interval;
import ru.berezhno.spi.LocalizedText;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.QuestionType;
import ru.berezhno.spi.Response;
import ru.berezhno.spi.ResponseGroup;
import ru.berezhno.spi.Section;
import ru.berezhno.spi.Statistics;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Kind {@code five-s-audit}: a checklist per 5S step. The definition names, in {@code options}:
 * <ul>
 * <li>{@code area}: the required text question naming the audited workplace;</li>
 * <li>{@code steps}: the ids of the sections that are the steps, each with 4–6 items;</li>
 * <li>{@code problemScores}: a list of {@code {problems, score}}: an item's score from the number of
 * problems found is that of the highest threshold reached (one threshold must be 0);</li>
 * <li>{@code bands}: {@code developing} and {@code established}, the lowest total percentage of the
 * developing band and the total above which the workplace is established.</li>
 * </ul>
 * An item is a {@code scale} question scored 0..max, with a {@code number} question
 * {@code <item>_problems} and optionally a {@code text} question {@code <item>_finding}; every
 * item is answered by exactly one of the first two. A step's score is the percentage of its maximum
 * points, the total that of all items' maximum. Scores are rounded to a tenth of a percent;
 * the band is decided on the exact total.
 */
final class FiveSAuditKind implements InstrumentKind {
    static final String PROBLEMS_SUFFIX = "_problems";
    static final String FINDING_SUFFIX = "_finding";
    /** Derived values are tenths of a percent, so that means over audits are exact to 0.05 of a percent. */
    static final String DERIVED_PREFIX = "percent.";
    static final String TOTAL = "total";
    static final String BAND = "band";

    private static final ResourceBundle RUSSIAN = bundle(Locale.forLanguageTag("ru"));
    private static final ResourceBundle ENGLISH = bundle(Locale.ENGLISH);

    @Override
    public String id() {
        return "five-s-audit";
    }

    @Override
    public List<DefinitionProblem> validate(SurveyDefinition definition) {
        List<DefinitionProblem> problems = new ArrayList<>();
        Object area = definition.options().get("area");
        Optional<Question> areaQuestion = area instanceof String id ? definition.question(id) : Optional.empty();
        if (areaQuestion.isEmpty() || areaQuestion.get().type() != QuestionType.TEXT || !areaQuestion.get().required()) {
            problems.add(new DefinitionProblem("options.area", "must name a required text question of this definition"));
        }
        Object steps = definition.options().get("steps");
        if (!(steps instanceof List<?> list) || list.isEmpty()) {
            problems.add(new DefinitionProblem("options.steps", "must list the ids of the sections that are the steps"));
        }
        else {
            for (int i = 0; i < list.size(); i++) {
                Object stepId = list.get(i);
                Optional<Section> section = definition.sections().stream().filter(candidate -> candidate.id().equals(stepId)).findFirst();
                if (section.isEmpty()) {
                    problems.add(new DefinitionProblem("options.steps[" + i + "]", "'" + stepId + "' is not a section of this definition"));
                    continue;
                }
                validateStep(definition, section.get(), problems);
            }
        }
        Object scores = definition.options().get("problemScores");
        if (!(scores instanceof List<?> list) || list.isEmpty()) {
            problems.add(new DefinitionProblem("options.problemScores", "must list thresholds as {problems, score}, one of them 0"));
        }
        else {
            boolean zero = false;
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> entry) || !(entry.get("problems") instanceof Number threshold)
                        || !(entry.get("score") instanceof Number) || threshold.longValue() < 0) {
                    problems.add(new DefinitionProblem("options.problemScores[" + i + "]", "must be {problems: N, score: S} with N ≥ 0"));
                }
                else if (threshold.longValue() == 0) {
                    zero = true;
                }
            }
            if (!zero) {
                problems.add(new DefinitionProblem("options.problemScores", "must have a threshold of 0 problems"));
            }
        }
        Object bands = definition.options().get("bands");
        if (!(bands instanceof Map<?, ?> map) || !(map.get("developing") instanceof Number developing)
                || !(map.get("established") instanceof Number established) || developing.doubleValue() < 0
                || established.doubleValue() > 100 || developing.doubleValue() > established.doubleValue()) {
            problems.add(new DefinitionProblem("options.bands", "must be {developing: D, established: E} with 0 ≤ D ≤ E ≤ 100"));
        }
        return problems;
    }

    private static void validateStep(SurveyDefinition definition, Section section, List<DefinitionProblem> problems) {
        String path = "sections." + section.id();
        List<Question> items = section.questions().stream().filter(question -> question.type() == QuestionType.SCALE).toList();
        if (items.size() < 4 || items.size() > 6) {
            problems.add(new DefinitionProblem(path, "a step must have 4 to 6 items (scale questions), not " + items.size()));
        }
        for (Question item : items) {
            if (item.scaleMin() != 0 || item.required()) {
                problems.add(new DefinitionProblem(path + "." + item.id(), "an item must be an optional scale from 0"));
            }
            Optional<Question> count = definition.question(item.id() + PROBLEMS_SUFFIX);
            if (count.isEmpty() || count.get().type() != QuestionType.NUMBER || count.get().decimals() != 0 || count.get().required()
                    || count.get().min() == null || count.get().min().signum() != 0) {
                problems.add(new DefinitionProblem(path + "." + item.id(),
                        "needs an optional whole-number question " + item.id() + PROBLEMS_SUFFIX + " from 0"));
            }
            definition.question(item.id() + FINDING_SUFFIX).filter(finding -> finding.type() != QuestionType.TEXT)
                    .ifPresent(finding -> problems.add(new DefinitionProblem(path + "." + finding.id(), "a finding must be a text question")));
        }
        for (Question question : section.questions()) {
            boolean companion = items.stream().anyMatch(item -> question.id().equals(item.id() + PROBLEMS_SUFFIX)
                    || question.id().equals(item.id() + FINDING_SUFFIX));
            if (question.type() != QuestionType.SCALE && !companion) {
                problems.add(new DefinitionProblem(path + "." + question.id(),
                        "is neither an item nor an item's " + PROBLEMS_SUFFIX + " or " + FINDING_SUFFIX + " question"));
            }
        }
    }

    @Override
    public List<AnswerProblem> check(SurveyDefinition definition, Response response) {
        List<AnswerProblem> problems = new ArrayList<>();
        for (Step step : steps(definition)) {
            for (Question item : step.items()) {
                boolean scored = response.answers().containsKey(item.id());
                boolean counted = response.answers().containsKey(item.id() + PROBLEMS_SUFFIX);
                if (!scored && !counted) {
                    problems.add(new AnswerProblem("answers." + item.id(), message("itemUnanswered")));
                }
                else if (scored && counted) {
                    problems.add(new AnswerProblem("answers." + item.id() + PROBLEMS_SUFFIX, message("itemTwice")));
                }
            }
        }
        String area = areaQuestion(definition);
        if (response.answers().get(area) instanceof String text && text.isBlank()) {
            problems.add(new AnswerProblem("answers." + area, message("areaBlank")));
        }
        return problems;
    }

    @Override
    public Map<String, Object> score(SurveyDefinition definition, Response response) {
        Totals totals = totals(definition, response);
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put(TOTAL, tenth(totals.total()));
        scores.put(BAND, band(definition, totals.total()));
        totals.steps().forEach((step, percent) -> scores.put(step, tenth(percent)));
        return scores;
    }

    @Override
    public Map<String, Long> derivedValues(SurveyDefinition definition, Response response) {
        Totals totals = totals(definition, response);
        Map<String, Long> values = new LinkedHashMap<>();
        values.put(DERIVED_PREFIX + TOTAL, Math.round(totals.total() * 10));
        totals.steps().forEach((step, percent) -> values.put(DERIVED_PREFIX + step, Math.round(percent * 10)));
        return values;
    }

    /**
     * Indices: the mean total and per-step percentages over the group's audits, each with its 95%
     * t-interval (none for a single audit), clipped to 0–100.
     */
    @Override
    public Map<String, IndexValue> indices(SurveyDefinition definition, ResponseGroup group, Statistics statistics) {
        Map<String, IndexValue> indices = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        names.add(TOTAL);
        steps(definition).forEach(step -> names.add(step.id()));
        for (String name : names) {
            SortedMap<Long, Long> counts = group.valueCounts(DERIVED_PREFIX + name);
            long n = 0;
            double sum = 0;
            for (Map.Entry<Long, Long> entry : counts.entrySet()) {
                n += entry.getValue();
                sum += entry.getKey() / 10.0 * entry.getValue();
            }
            if (n == 0) {
                continue;
            }
            double mean = sum / n;
            double squares = 0;
            for (Map.Entry<Long, Long> entry : counts.entrySet()) {
                double deviation = entry.getKey() / 10.0 - mean;
                squares += deviation * deviation * entry.getValue();
            }
            Interval interval = n < 2 ? null : statistics.meanInterval(n, mean, Math.sqrt(squares / (n - 1)));
            indices.put(name, new IndexValue(mean, interval == null ? null
                    : new Interval(Math.max(0, interval.lower()), Math.min(100, interval.upper()))));
        }
        return indices;
    }

    /** The workplace: the area's text with spaces and case evened out, so that «Кабинет 214» and «кабинет  214» are one. */
    @Override
    public Optional<String> subject(SurveyDefinition definition, Response response) {
        return response.answers().get(areaQuestion(definition)) instanceof String area
                ? Optional.of(area.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT))
                : Optional.empty();
    }

    /** Each non-blank finding, under its item's id. */
    @Override
    public List<CorrectiveAction> actions(SurveyDefinition definition, Response response) {
        List<CorrectiveAction> actions = new ArrayList<>();
        for (Step step : steps(definition)) {
            for (Question item : step.items()) {
                if (response.answers().get(item.id() + FINDING_SUFFIX) instanceof String finding && !finding.isBlank()) {
                    actions.add(new CorrectiveAction(item.id(), finding.strip()));
                }
            }
        }
        return actions;
    }

    /** An item's score: as given, or from its number of problems. */
    static long itemScore(SurveyDefinition definition, Question item, Map<String, Object> answers) {
        if (answers.get(item.id()) instanceof Long score) {
            return score;
        }
        long problems = ((Number) answers.get(item.id() + PROBLEMS_SUFFIX)).longValue();
        long best = -1;
        long score = 0;
        for (Object entry : (List<?>) definition.options().get("problemScores")) {
            Map<?, ?> threshold = (Map<?, ?>) entry;
            long atLeast = ((Number) threshold.get("problems")).longValue();
            if (problems >= atLeast && atLeast > best) {
                best = atLeast;
                score = ((Number) threshold.get("score")).longValue();
            }
        }
        return score;
    }

    private record Step(String id, List<Question> items) {
    }

    private record Totals(double total, Map<String, Double> steps) {
    }

    private static Totals totals(SurveyDefinition definition, Response response) {
        long points = 0;
        long maximum = 0;
        Map<String, Double> steps = new LinkedHashMap<>();
        for (Step step : steps(definition)) {
            long stepPoints = 0;
            long stepMaximum = 0;
            for (Question item : step.items()) {
                stepPoints += itemScore(definition, item, response.answers());
                stepMaximum += item.scaleMax();
            }
            steps.put(step.id(), 100.0 * stepPoints / stepMaximum);
            points += stepPoints;
            maximum += stepMaximum;
        }
        return new Totals(100.0 * points / maximum, steps);
    }

    private static List<Step> steps(SurveyDefinition definition) {
        List<Step> steps = new ArrayList<>();
        for (Object stepId : (List<?>) definition.options().get("steps")) {
            definition.sections().stream().filter(section -> section.id().equals(stepId)).findFirst()
                    .ifPresent(section -> steps.add(new Step(section.id(),
                            section.questions().stream().filter(question -> question.type() == QuestionType.SCALE).toList())));
        }
        return steps;
    }

    /** The band of a total: unacceptable below {@code developing}, established above {@code established}. */
    static String band(SurveyDefinition definition, double total) {
        Map<?, ?> bands = (Map<?, ?>) definition.options().get("bands");
        if (total < ((Number) bands.get("developing")).doubleValue()) {
            return "unacceptable";
        }
        return total > ((Number) bands.get("established")).doubleValue() ? "established" : "developing";
    }

    private static String areaQuestion(SurveyDefinition definition) {
        return (String) definition.options().get("area");
    }

    private static double tenth(double percent) {
        return BigDecimal.valueOf(percent).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    private static LocalizedText message(String key) {
        return new LocalizedText(RUSSIAN.getString(key), ENGLISH.getString(key));
    }

    private static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle("ru.berezhno.plugins.fives.messages", locale, FiveSAuditKind.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}

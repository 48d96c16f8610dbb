package ru.berezhno.core.results;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.organizations.Organization;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.responses.Audiences;
import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.core.rounds.RoundService;
import ru.berezhno.core.statistics.CommonsMathStatistics;
import ru.berezhno.core.statistics.Summary;
import ru.berezhno.spi.IndexValue;
import ru.berezhno.spi.Interval;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.Response;
import ru.berezhno.spi.ResponseGroup;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Aggregates a survey's responses by organisation and period, from the {@link ResponseCounts}
 * alone: the cost depends on the number of organisations, periods and answer values, not on the
 * number of responses. A group with fewer than {@code minimumGroupSize} responses is suppressed, and
 * so is any group whose figures would let a suppressed one be recovered by subtraction
 * ({@link Suppression});
 * free-text answers are shown only for groups of at least {@code minimumCommentGroupSize}, as a
 * shuffled random sample of at most {@link #MAXIMUM_COMMENTS}.
 */
public final class ResultsService {
    /** The lowest threshold any setting may have. */
    public static final int LOWEST_THRESHOLD = 3;
    /** The most comments shown per question and group. */
    public static final int MAXIMUM_COMMENTS = 200;
    private static final int LOWEST_LEVEL = -1000;
    /** Level names, made once: a results call names thousands of them. */
    private static final String[] LEVELS = java.util.stream.IntStream.rangeClosed(LOWEST_LEVEL, 1000).mapToObj(String::valueOf)
            .toArray(String[]::new);

    private final DefinitionCatalog definitions;
    private final PluginRegistry plugins;
    private final ResponseRepository repository;
    private final ResponseCounts counts;
    private final OrganizationDirectory organizations;
    private final RoundService rounds;
    private final CommonsMathStatistics statistics = new CommonsMathStatistics();
    private final int minimumGroupSize;
    private final int minimumCommentGroupSize;
    private final SecureRandom random = new SecureRandom();

    public ResultsService(DefinitionCatalog definitions, PluginRegistry plugins, ResponseRepository repository, ResponseCounts counts,
            OrganizationDirectory organizations, RoundService rounds, int minimumGroupSize, int minimumCommentGroupSize) {
        this.rounds = requireNonNull(rounds, "rounds is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.counts = requireNonNull(counts, "counts is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        if (minimumGroupSize < LOWEST_THRESHOLD || minimumCommentGroupSize < LOWEST_THRESHOLD) {
            throw new IllegalArgumentException("anonymity thresholds must be at least " + LOWEST_THRESHOLD);
        }
        this.minimumGroupSize = minimumGroupSize;
        this.minimumCommentGroupSize = minimumCommentGroupSize;
    }

    /** One output group: the counts of every cell group merged into it. */
    private static final class Merged {
        final List<ResponseCounts.GroupKey> parts = new ArrayList<>();
        final Map<String, Map<String, Long>> questions = new HashMap<>();
        long responses;

        /** Each part's answered count per question, in the order of {@link #parts}. */
        private final List<Map<String, Long>> partAnswered = new ArrayList<>();

        long partAnswered(int part, String question) {
            return partAnswered.get(part).getOrDefault(question, 0L);
        }

        void add(ResponseCounts.GroupKey key, ResponseCounts.GroupCounts group) {
            parts.add(key);
            Map<String, Long> answered = new HashMap<>();
            group.all().forEach((question, values) -> answered.put(question, values.getOrDefault(ResponseCounts.ANSWERED, 0L)));
            partAnswered.add(answered);
            responses += group.responses();
            group.all().forEach((question, values) -> {
                Map<String, Long> target = questions.computeIfAbsent(question, q -> new HashMap<>());
                values.forEach((value, count) -> target.merge(value, count, Long::sum));
            });
        }

        Map<String, Long> values(String question) {
            return questions.getOrDefault(question, Map.of());
        }

        private final Map<String, SortedMap<Long, Long>> integers = new HashMap<>();

        /** The integer values of a question with their counts, parsed once per group and question. */
        SortedMap<Long, Long> integerCounts(String question) {
            return integers.computeIfAbsent(question, q -> {
                SortedMap<Long, Long> result = new TreeMap<>();
                values(q).forEach((value, count) -> {
                    if (!value.equals(ResponseCounts.ANSWERED)) {
                        try {
                            result.merge(Long.parseLong(value), count, Long::sum);
                        }
                        catch (NumberFormatException e) {
                            // not an integer value: an option, or a decimal number
                        }
                    }
                });
                return java.util.Collections.unmodifiableSortedMap(result);
            });
        }

        long answered(String question) {
            return values(question).getOrDefault(ResponseCounts.ANSWERED, 0L);
        }
    }

    /**
     * What one results call reads from the counts under one lock: the suppression of the whole
     * table (closed periods only), of each optional question's table where it differs, the output
     * groups, and the responses of a round still open, per output group.
     */
    private record Snapshot(Suppression suppression, Map<String, Suppression> questions, Map<List<String>, Merged> groups,
            Map<List<String>, Long> open) {
    }

    public Results results(String surveyId, ResultsQuery query) {
        SurveyDefinition definition = definitions.latest(surveyId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownSurvey", surveyId));
        boolean byOrganization = query.groupBy().contains(ResultsQuery.Dimension.ORGANIZATION);
        boolean byPeriod = query.groupBy().contains(ResultsQuery.Dimension.PERIOD);
        String openRound = openRound(definition);
        java.util.Set<String> selected = query.organization() == null ? null
                : query.subtree() ? subtree(query.organization()) : java.util.Set.of(query.organization());
        Map<String, String> parents = parents();
        Snapshot snapshot = counts.read(surveyId, cells -> {
            Suppression suppression = suppression(definition, cells, openRound, parents);
            Map<List<String>, Merged> merged = new HashMap<>();
            Map<List<String>, Long> open = new HashMap<>();
            cells.forEach((key, group) -> {
                if ((selected != null && !selected.contains(key.organization()))
                        || (query.period() != null && !query.period().equals(key.period()))) {
                    return;
                }
                List<String> target = java.util.Arrays.asList(byOrganization ? key.organization() : query.organization(),
                        byPeriod ? key.period() : query.period());
                if (key.period().equals(openRound)) {
                    // Counted only in a group of that round itself; over all periods the open round is left out.
                    if (target.get(1) != null) {
                        open.merge(target, group.responses(), Long::sum);
                    }
                }
                else {
                    merged.computeIfAbsent(target, k -> new Merged()).add(key, group);
                }
            });
            return new Snapshot(suppression, questionSuppressions(definition, cells, openRound, parents), merged, open);
        });
        Map<List<String>, Merged> groups = snapshot.groups();
        if (groups.isEmpty() && snapshot.open().isEmpty() && query.groupBy().isEmpty()) {
            groups.put(java.util.Arrays.asList(query.organization(), query.period()), new Merged());
        }
        Map<String, Integer> order = new HashMap<>();
        List<Organization> all = organizations.all();
        for (int i = 0; i < all.size(); i++) {
            order.put(all.get(i).id(), i);
        }
        Comparator<List<String>> byKey = Comparator.<List<String>, Integer>comparing(key -> key.get(0) == null ? -1 : order.getOrDefault(key.get(0), Integer.MAX_VALUE))
                .thenComparing(key -> key.get(1) == null ? "" : key.get(1));
        java.util.Set<List<String>> keys = new java.util.TreeSet<>(byKey);
        keys.addAll(groups.keySet());
        keys.addAll(snapshot.open().keySet());
        boolean subtreeCells = query.subtree() && !byOrganization;
        List<Results.Group> result = new ArrayList<>();
        for (List<String> key : keys) {
            String organization = key.get(0);
            String period = key.get(1);
            if (period != null && period.equals(openRound)) {
                // A round still open shows how many have answered, roughly, and nothing else.
                result.add(new Results.Group(organization, period, snapshot.open().get(key) / 5 * 5, true, true, null, null));
                continue;
            }
            Merged merged = groups.get(key);
            boolean hidden = hidden(snapshot.suppression(), organization, period, subtreeCells, parents)
                    || merged.responses < minimum(definition);
            result.add(hidden ? Results.Group.withheld(organization, period)
                    : group(definition, organization, period, merged, snapshot, subtreeCells, parents));
        }
        Long total;
        if (query.period() != null && query.period().equals(openRound)) {
            total = snapshot.open().values().stream().mapToLong(Long::longValue).sum() / 5 * 5;
        }
        else {
            long closed = groups.values().stream().mapToLong(group -> group.responses).sum();
            total = closed > 0 && (closed < minimum(definition)
                    || hidden(snapshot.suppression(), query.organization(), query.period(), query.subtree(), parents)) ? null : closed;
        }
        return new Results(surveyId, total, result);
    }

    /**
     * What of a survey's responses the raw export may hand out (see {@link Release}), decided on
     * the counts as they are now, under the rules of results.
     */
    public Release release(String surveyId) {
        SurveyDefinition definition = definitions.latest(surveyId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownSurvey", surveyId));
        if (Audiences.attributed(definition)) {
            return Release.ALL;
        }
        String openRound = openRound(definition);
        Map<String, String> parents = parents();
        java.util.Set<String> texts = new java.util.HashSet<>();
        definition.questions().stream().filter(question -> question.type() == ru.berezhno.spi.QuestionType.TEXT).forEach(question -> texts.add(question.id()));
        return counts.read(surveyId, cells -> {
            Suppression suppression = suppression(definition, cells, openRound, parents);
            Map<String, Suppression> questions = questionSuppressions(definition, cells, openRound, parents);
            Map<ResponseCounts.GroupKey, Map<String, Long>> answered = new HashMap<>();
            cells.forEach((key, group) -> {
                Map<String, Long> counts = new HashMap<>();
                group.all().forEach((question, values) -> counts.put(question, values.getOrDefault(ResponseCounts.ANSWERED, 0L)));
                answered.put(key, counts);
            });
            return new Release() {
                @Override
                public boolean shows(String organization, String period) {
                    return !period.equals(openRound) && answered.containsKey(new ResponseCounts.GroupKey(organization, period))
                            && !suppression.hides(organization, period);
                }

                @Override
                public boolean showsAnswer(String organization, String period, String question) {
                    if (!shows(organization, period)) {
                        return false;
                    }
                    long count = answered.get(new ResponseCounts.GroupKey(organization, period)).getOrDefault(question, 0L);
                    Suppression own = questions.get(question);
                    if (own != null && (count < minimumGroupSize || own.hides(organization, period))) {
                        return false;
                    }
                    return !texts.contains(question) || count >= minimumCommentGroupSize;
                }
            };
        });
    }

    /** The round of a survey run in rounds that is still open, or null. */
    private String openRound(SurveyDefinition definition) {
        return definition.periods() == SurveyDefinition.Periods.ROUNDS ? rounds.openRound(definition.id()).map(RoundService.Round::id).orElse(null)
                : null;
    }

    /** Suppression of the whole table of closed periods, by responses. */
    private Suppression suppression(SurveyDefinition definition, Map<ResponseCounts.GroupKey, ResponseCounts.GroupCounts> cells, String openRound,
            Map<String, String> parents) {
        Map<Suppression.Cell, Long> table = new HashMap<>();
        cells.forEach((key, group) -> {
            if (!key.period().equals(openRound)) {
                table.put(new Suppression.Cell(key.organization(), key.period()), group.responses());
            }
        });
        return Suppression.decide(table, minimum(definition), parents);
    }

    /**
     * For each question that not everyone answered, the suppression of its own table (the responses
     * that answered it, per cell): an optional question answered by one person in a shown group is
     * withheld there, and so is whatever would give it away by subtraction. Questions whose table is
     * the responses' own have none (the groups' suppression covers them).
     */
    private Map<String, Suppression> questionSuppressions(SurveyDefinition definition, Map<ResponseCounts.GroupKey, ResponseCounts.GroupCounts> cells,
            String openRound, Map<String, String> parents) {
        if (Audiences.attributed(definition)) {
            return Map.of();
        }
        Map<String, Suppression> suppressions = new HashMap<>();
        for (Question question : definition.questions()) {
            Map<Suppression.Cell, Long> table = new HashMap<>();
            boolean differs = false;
            for (Map.Entry<ResponseCounts.GroupKey, ResponseCounts.GroupCounts> cell : cells.entrySet()) {
                if (cell.getKey().period().equals(openRound)) {
                    continue;
                }
                long answered = cell.getValue().count(question.id(), ResponseCounts.ANSWERED);
                differs |= answered != cell.getValue().responses();
                if (answered > 0) {
                    table.put(new Suppression.Cell(cell.getKey().organization(), cell.getKey().period()), answered);
                }
            }
            if (differs) {
                suppressions.put(question.id(), Suppression.decide(table, minimumGroupSize, parents));
            }
        }
        return suppressions;
    }

    private static boolean hidden(Suppression suppression, String organization, String period, boolean subtree, Map<String, String> parents) {
        return subtree && organization != null ? suppression.hidesSubtree(organization, period, parents) : suppression.hides(organization, period);
    }

    /**
     * Organisations ranked by an index in a period; the index defaults to the first the survey's
     * kind computes.
     *
     * @param period a period, or null for all periods together
     * @param index the index's name, or null for the first
     */
    public Ranking ranking(String surveyId, String period, String index) {
        Results grouped = results(surveyId, new ResultsQuery(null, period, java.util.Set.of(ResultsQuery.Dimension.ORGANIZATION)));
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        grouped.groups().stream().filter(group -> !group.suppressed()).forEach(group -> names.addAll(group.indices().keySet()));
        String chosen = index == null ? names.stream().findFirst().orElse(null) : index;
        if (index != null && !names.contains(index) && !names.isEmpty()) {
            throw ApiException.invalid(List.of(ru.berezhno.core.errors.FieldError.of("index", "error.index", String.join(", ", names))));
        }
        List<Results.Group> shown = grouped.groups().stream()
                .filter(group -> !group.suppressed() && chosen != null && group.indices().containsKey(chosen))
                .sorted(Comparator.comparingDouble((Results.Group group) -> group.indices().get(chosen).value()).reversed())
                .toList();
        List<Ranking.Entry> entries = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            Results.Group group = shown.get(i);
            Results.IndexResult value = group.indices().get(chosen);
            int rank = i > 0 && entries.get(i - 1).value() == value.value() ? entries.get(i - 1).rank() : i + 1;
            entries.add(new Ranking.Entry(rank, group.organization(), group.responses(), value.value(), value.ci95()));
        }
        return new Ranking(surveyId, period, chosen, entries);
    }

    /**
     * The smallest group shown: attributed responses (audits, scoresheets) are given under a name,
     * so there is no anonymity to protect and every group is shown.
     */
    private int minimum(SurveyDefinition definition) {
        return Audiences.attributed(definition) ? 1 : minimumGroupSize;
    }

    /** Each organisation's parent, from the directory. */
    private Map<String, String> parents() {
        Map<String, String> parents = new HashMap<>();
        organizations.all().forEach(organization -> parents.put(organization.id(), organization.parent()));
        return parents;
    }

    /** An organisation and every organisation under it. */
    private java.util.Set<String> subtree(String root) {
        java.util.Set<String> members = new java.util.HashSet<>();
        members.add(root);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Organization organization : organizations.all()) {
                if (organization.parent() != null && members.contains(organization.parent()) && members.add(organization.id())) {
                    grew = true;
                }
            }
        }
        return members;
    }

    /** What deserves attention per organisation in one period, against its period before: see {@link ru.berezhno.spi.Finding}. */
    public Findings findings(String surveyId, String period) {
        SurveyDefinition definition = definitions.latest(surveyId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownSurvey", surveyId));
        String openRound = openRound(definition);
        if (period.equals(openRound)) {
            // Nothing of a round is shown while it is open: who answered last would be plain to see.
            return new Findings(surveyId, period, List.of());
        }
        Map<String, Merged> current = new HashMap<>();
        Map<String, Merged> previous = new HashMap<>();
        Map<String, String> previousPeriod = new HashMap<>();
        Suppression suppression = counts.read(surveyId, cells -> {
            Suppression decided = suppression(definition, cells, openRound, parents());
            cells.forEach((key, group) -> {
                if (key.period().equals(openRound)) {
                    return;
                }
                if (key.period().equals(period)) {
                    current.computeIfAbsent(key.organization(), k -> new Merged()).add(key, group);
                }
                else if (key.period().compareTo(period) < 0
                        && key.period().compareTo(previousPeriod.getOrDefault(key.organization(), "")) > 0) {
                    previousPeriod.put(key.organization(), key.period());
                }
            });
            previousPeriod.forEach((organization, before) -> {
                ResponseCounts.GroupKey key = new ResponseCounts.GroupKey(organization, before);
                Merged merged = new Merged();
                merged.add(key, cells.get(key));
                previous.put(organization, merged);
            });
            return decided;
        });
        List<Findings.Organization> result = new ArrayList<>();
        for (Organization organization : organizations.all()) {
            Merged now = current.get(organization.id());
            if (now == null || now.responses < minimum(definition) || suppression.hides(organization.id(), period)) {
                continue;
            }
            String before = previousPeriod.get(organization.id());
            Merged then = before == null || previous.get(organization.id()).responses < minimum(definition) || suppression.hides(organization.id(), before)
                    ? null : previous.get(organization.id());
            List<ru.berezhno.spi.Finding> findings = plugins.kind(definition.kind()).orElseThrow().findings(definition,
                    new CountedGroup(surveyId, now), then == null ? null : new CountedGroup(surveyId, then), statistics);
            result.add(new Findings.Organization(organization.id(), now.responses, then == null ? null : before, findings));
        }
        return new Findings(surveyId, period, result);
    }

    private Results.Group group(SurveyDefinition definition, String organization, String period, Merged merged, Snapshot snapshot, boolean subtree,
            Map<String, String> parents) {
        Map<String, Results.QuestionResult> questions = new LinkedHashMap<>();
        for (Question question : definition.questions()) {
            Suppression own = snapshot.questions().get(question.id());
            // No answer at all gives nobody away; a few, or a cell whose count would give a few away, withhold the question.
            long answered = merged.answered(question.id());
            boolean withheld = own != null && answered > 0 && (answered < minimumGroupSize || hidden(own, organization, period, subtree, parents));
            questions.put(question.id(), withheld ? Results.QuestionResult.WITHHELD : question(definition, question, merged, snapshot));
        }
        // An index of the kind sees no answer of a withheld question: NPS from one answer would be that answer.
        java.util.Set<String> withheld = new java.util.HashSet<>();
        questions.forEach((id, result) -> {
            if (Boolean.TRUE.equals(result.withheld())) {
                withheld.add(id);
            }
        });
        Map<String, Results.IndexResult> indices = new LinkedHashMap<>();
        Map<String, IndexValue> values = plugins.kind(definition.kind()).orElseThrow()
                .indices(definition, new CountedGroup(definition.id(), merged, withheld), statistics);
        values.forEach((name, value) -> indices.put(name, new Results.IndexResult(value.value(), interval(value.ci95()))));
        return new Results.Group(organization, period, merged.responses, false, null, questions, indices);
    }

    private Results.QuestionResult question(SurveyDefinition definition, Question question, Merged merged, Snapshot snapshot) {
        Map<String, Long> values = merged.values(question.id());
        long answered = merged.answered(question.id());
        switch (question.type()) {
            case SCALE -> {
                SortedMap<Long, Long> levels = merged.integerCounts(question.id());
                Summary summary = statistics.summariseCounts(levels);
                Map<String, Long> distribution = new LinkedHashMap<>();
                for (long level = question.scaleMin(); level <= question.scaleMax(); level++) {
                    distribution.put(LEVELS[(int) level - LOWEST_LEVEL], levels.getOrDefault(level, 0L));
                }
                return new Results.QuestionResult(summary.n(), summary.mean(), summary.sd(), interval(summary.ci95()), distribution, null, null);
            }
            case NUMBER -> {
                Map<BigDecimal, Long> numbers = new TreeMap<>();
                values.forEach((value, count) -> {
                    if (!value.equals(ResponseCounts.ANSWERED)) {
                        numbers.merge(new BigDecimal(value), count, Long::sum);
                    }
                });
                Summary summary = statistics.summariseCounts(numbers);
                return new Results.QuestionResult(summary.n(), summary.mean(), summary.sd(), interval(summary.ci95()), null, null, null);
            }
            case SINGLE, MULTIPLE -> {
                Map<String, Long> distribution = new LinkedHashMap<>();
                question.options().forEach(option -> distribution.put(option.id(), values.getOrDefault(option.id(), 0L)));
                return new Results.QuestionResult(answered, null, null, null, distribution, null, null);
            }
            case TEXT -> {
                List<ResponseCounts.GroupKey> shown = commentCells(definition, question, merged, snapshot);
                return new Results.QuestionResult(answered, null, null, null, null, shown.isEmpty() ? null : comments(definition.id(), question.id(), shown),
                        null);
            }
            default -> throw new IllegalStateException("unhandled question type " + question.type());
        }
    }

    /**
     * The cells of a group whose comments may be shown: each on its own has at least the comment
     * threshold of comments (the comments themselves, not the responses) and is not withheld, so
     * that the comments of a total are those of cells shown one by one, and no set of comments can
     * be subtracted from another to single out a small group's.
     */
    private List<ResponseCounts.GroupKey> commentCells(SurveyDefinition definition, Question question, Merged merged, Snapshot snapshot) {
        if (Audiences.attributed(definition)) {
            return merged.parts;
        }
        Suppression own = snapshot.questions().getOrDefault(question.id(), snapshot.suppression());
        List<ResponseCounts.GroupKey> cells = new ArrayList<>();
        for (int i = 0; i < merged.parts.size(); i++) {
            ResponseCounts.GroupKey part = merged.parts.get(i);
            if (merged.partAnswered(i, question.id()) >= minimumCommentGroupSize && !snapshot.suppression().hides(part.organization(), part.period())
                    && !own.hides(part.organization(), part.period())) {
                cells.add(part);
            }
        }
        return cells;
    }

    /** A fair sample of the cells' comments: each cell's first ones by random key, merged by key. */
    private List<String> comments(String surveyId, String questionId, List<ResponseCounts.GroupKey> cells) {
        List<ResponseRepository.Comment> sample = new ArrayList<>();
        for (ResponseCounts.GroupKey part : cells) {
            sample.addAll(repository.comments(surveyId, part.organization(), part.period(), questionId, MAXIMUM_COMMENTS));
        }
        sample.sort(Comparator.comparing(ResponseRepository.Comment::randomKey));
        List<String> comments = new ArrayList<>(sample.subList(0, Math.min(MAXIMUM_COMMENTS, sample.size())).stream()
                .map(ResponseRepository.Comment::text).toList());
        Collections.shuffle(comments, random);
        return comments;
    }

    private static List<Double> interval(Interval interval) {
        return interval == null ? null : List.of(interval.lower(), interval.upper());
    }

    /** A group as plugins see it: counts from memory, responses only by a scan when a plugin asks. */
    private final class CountedGroup implements ResponseGroup {
        private final String surveyId;
        private final Merged merged;
        private final java.util.Set<String> withheld;

        CountedGroup(String surveyId, Merged merged) {
            this(surveyId, merged, java.util.Set.of());
        }

        /** A group whose {@code withheld} questions look unanswered to the kind. */
        CountedGroup(String surveyId, Merged merged, java.util.Set<String> withheld) {
            this.surveyId = surveyId;
            this.merged = merged;
            this.withheld = withheld;
        }

        @Override
        public long size() {
            return merged.responses;
        }

        @Override
        public SortedMap<Long, Long> valueCounts(String questionId) {
            return withheld.contains(questionId) ? java.util.Collections.emptySortedMap() : merged.integerCounts(questionId);
        }

        @Override
        public Iterable<Response> responses() {
            List<Response> members = new ArrayList<>();
            java.util.Set<ResponseCounts.GroupKey> parts = new java.util.HashSet<>(merged.parts);
            repository.forEach(surveyId, stored -> {
                if (parts.contains(new ResponseCounts.GroupKey(stored.organization(), stored.period()))) {
                    Response response = stored.toResponse();
                    if (!withheld.isEmpty()) {
                        Map<String, Object> answers = new HashMap<>(response.answers());
                        answers.keySet().removeAll(withheld);
                        response = new Response(response.surveyId(), response.definitionVersion(), response.organization(), response.period(), answers);
                    }
                    members.add(response);
                }
            });
            return members;
        }
    }
}

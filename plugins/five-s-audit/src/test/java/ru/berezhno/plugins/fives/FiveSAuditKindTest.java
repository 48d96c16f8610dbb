package ru.berezhno.plugins.fives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.core.definitions.DefinitionException;
import ru.berezhno.core.definitions.DefinitionLoader;
import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.statistics.CommonsMathStatistics;
import ru.berezhno.spi.AnswerProblem;
import ru.berezhno.spi.CorrectiveAction;
import ru.berezhno.spi.IndexValue;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Response;
import ru.berezhno.spi.Section;
import ru.berezhno.spi.SurveyDefinition;
import ru.berezhno.testing.BundledDefinitions;
import ru.berezhno.core.results.ListResponseGroup;

/** The kind found through ServiceLoader, on the bundled definition. */
class FiveSAuditKindTest {
    private static final List<String> STEPS = List.of("sort", "order", "shine", "standardize", "sustain");

    private final PluginRegistry plugins = PluginRegistry.load(getClass().getClassLoader());
    private final InstrumentKind kind = plugins.kind("five-s-audit").orElseThrow();
    private final SurveyDefinition definition = BundledDefinitions.load(plugins, "five-s-office-audit");

    @Test
    void theBundledChecklistHasTheFiveStepsOfTheStandardWithFourToSixItemsEach() {
        assertThat(definition.options().get("steps")).isEqualTo(STEPS);
        List<String> titles = STEPS.stream().map(step -> definition.sections().stream().filter(section -> section.id().equals(step))
                .findFirst().orElseThrow().title().ru()).toList();
        assertThat(titles).containsExactly("Сортировка", "Соблюдение порядка (самоорганизация)", "Содержание в чистоте (систематическая уборка)",
                "Стандартизация", "Совершенствование (поддержание)");
        for (String step : STEPS) {
            Section section = definition.sections().stream().filter(candidate -> candidate.id().equals(step)).findFirst().orElseThrow();
            assertThat(section.questions().stream().filter(question -> question.type().id().equals("scale")).count()).as(step).isBetween(4L, 6L);
        }
        assertThat(definition.question("area").orElseThrow().required()).isTrue();
        assertThat(definition.audience()).isEqualTo("auditors");
    }

    @Test
    void problemCountsMapToScoresAsInTheDomainNotes() {
        // ≥5 → 0, 3–4 → 1, 2 → 2, 1 → 3, none → 4.
        long[][] expected = {{0, 4}, {1, 3}, {2, 2}, {3, 1}, {4, 1}, {5, 0}, {17, 0}};
        for (long[] pair : expected) {
            Map<String, Object> answers = Map.of("sort_1_problems", pair[0]);
            assertThat(FiveSAuditKind.itemScore(definition, definition.question("sort_1").orElseThrow(), answers))
                    .as(pair[0] + " problems").isEqualTo(pair[1]);
        }
    }

    @Test
    void aWorkedAuditScoresAsComputedByHand() {
        // sort: scores 4 4 3 2 4 = 17 of 20 → 85.0%
        // order: problems 0 1 2 3 7 → scores 4 3 2 1 0 = 10 of 20 → 50.0%
        // shine: 4 4 4 4 4 = 20 → 100.0%
        // standardize: scores 2 2 2 1 0 = 7 → 35.0%
        // sustain: scores 3 3 3 3, problems 2 → 2 = 14 → 70.0%
        // total 68 of 100 → 68.0%, developing (60–80).
        Map<String, Object> answers = new HashMap<>();
        answers.put("area", "Кабинет 214");
        scores(answers, "sort", 4, 4, 3, 2, 4);
        problems(answers, "order", 0, 1, 2, 3, 7);
        scores(answers, "shine", 4, 4, 4, 4, 4);
        scores(answers, "standardize", 2, 2, 2, 1, 0);
        scores(answers, "sustain", 3, 3, 3, 3);
        answers.put("sustain_5_problems", 2L);
        Response audit = audit(answers);
        assertThat(kind.check(definition, audit)).isEmpty();
        Map<String, Object> scores = kind.score(definition, audit);
        assertThat(scores).containsExactly(Map.entry("total", 68.0), Map.entry("band", "developing"), Map.entry("sort", 85.0),
                Map.entry("order", 50.0), Map.entry("shine", 100.0), Map.entry("standardize", 35.0), Map.entry("sustain", 70.0));
        assertThat(kind.derivedValues(definition, audit)).containsEntry("percent.total", 680L).containsEntry("percent.order", 500L);
    }

    @Test
    void bandsAreUnacceptableBelowSixtyDevelopingUpToEightyAndEstablishedAbove() {
        assertThat(kind.score(definition, uniform(12)).get("total")).isEqualTo(60.0);
        assertThat(kind.score(definition, uniform(12)).get("band")).isEqualTo("developing");
        assertThat(kind.score(definition, uniform(16)).get("total")).isEqualTo(80.0);
        assertThat(kind.score(definition, uniform(16)).get("band")).as("exactly 80% is still developing").isEqualTo("developing");
        Map<String, Object> answers = new HashMap<>(uniform(16).answers());
        answers.put("sort_5", 1L);
        Response justAbove = audit(answers);
        assertThat(kind.score(definition, justAbove).get("total")).isEqualTo(81.0);
        assertThat(kind.score(definition, justAbove).get("band")).isEqualTo("established");
        answers = new HashMap<>(uniform(12).answers());
        answers.put("sort_3", 0L);
        assertThat(kind.score(definition, audit(answers)).get("total")).isEqualTo(56.0);
        assertThat(kind.score(definition, audit(answers)).get("band")).isEqualTo("unacceptable");
    }

    @Test
    void everyItemNeedsExactlyOneOfAScoreAndAProblemCount() {
        Map<String, Object> answers = new HashMap<>(uniform(20).answers());
        answers.remove("shine_2");
        answers.put("order_3_problems", 1L);
        List<AnswerProblem> problems = kind.check(definition, audit(answers));
        assertThat(problems).extracting(AnswerProblem::field).containsExactlyInAnyOrder("answers.shine_2", "answers.order_3_problems");
        assertThat(problems).allSatisfy(problem -> {
            assertThat(problem.message().ru()).isNotBlank();
            assertThat(problem.message().en()).isNotBlank().isNotEqualTo(problem.message().ru());
        });
    }

    @Test
    void theWorkplaceIsTheAreaWithSpacesAndCaseEvenedOut() {
        Map<String, Object> answers = new HashMap<>(uniform(20).answers());
        answers.put("area", "  Кабинет   214 ");
        assertThat(kind.subject(definition, audit(answers))).contains("кабинет 214");
    }

    @Test
    void eachNonBlankFindingBecomesACorrectiveActionUnderItsItem() {
        Map<String, Object> answers = new HashMap<>(uniform(20).answers());
        answers.put("sort_2_finding", " Старые папки 2019 года в шкафу ");
        answers.put("shine_1_finding", "   ");
        assertThat(kind.actions(definition, audit(answers))).containsExactly(new CorrectiveAction("sort_2", "Старые папки 2019 года в шкафу"));
    }

    @Test
    void indicesAreMeanPercentagesWithTheirTIntervals() {
        // Totals 68.0, 60.0, 80.0 (worked in Python): mean 69.333333, sd 10.066446, t(0.975; 2) = 4.302653
        // → half-width 4.302653 · 10.066446 / √3 = 25.006438 → [44.326895, 94.339771].
        Map<String, Object> worked = new HashMap<>();
        worked.put("area", "x");
        scores(worked, "sort", 4, 4, 3, 2, 4);
        problems(worked, "order", 0, 1, 2, 3, 7);
        scores(worked, "shine", 4, 4, 4, 4, 4);
        scores(worked, "standardize", 2, 2, 2, 1, 0);
        scores(worked, "sustain", 3, 3, 3, 3, 2);
        List<Response> audits = List.of(audit(worked), uniform(12), uniform(16));
        Map<String, IndexValue> indices = kind.indices(definition, new ListResponseGroup(audits, kind, definition), new CommonsMathStatistics());
        assertThat(indices.keySet()).containsExactly("total", "sort", "order", "shine", "standardize", "sustain");
        assertThat(indices.get("total").value()).isCloseTo(69.333333, within(1e-6));
        assertThat(indices.get("total").ci95().lower()).isCloseTo(44.326895, within(1e-6));
        assertThat(indices.get("total").ci95().upper()).isCloseTo(94.339771, within(1e-6));
        assertThat(indices.get("shine").value()).isCloseTo((100.0 + 60.0 + 80.0) / 3, within(1e-9));
        assertThat(kind.indices(definition, new ListResponseGroup(List.of(uniform(12)), kind, definition), new CommonsMathStatistics())
                .get("total").ci95()).as("one audit has no interval").isNull();
    }

    @Test
    void aStepWithTooFewItemsOrAnItemWithoutItsProblemCountIsRefused(@TempDir Path folder) throws IOException {
        String text = Files.readString(BundledDefinitions.FOLDER.resolve("five-s-office-audit.yaml"));
        // Drop the problem-count question of sort_1, and rename order_5 so that the step has four items and one stray question.
        text = text.replace("      - id: sort_1_problems\n", "      - id: sort_1_counted\n").replace("id: order_5\n", "id: order_five\n");
        Files.writeString(folder.resolve("five-s-office-audit.yaml"), text);
        assertThatThrownBy(() -> new DefinitionLoader(plugins).load(folder))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(String.join("\n", e.problems()))
                        .contains("sections.sort.sort_1: needs an optional whole-number question sort_1_problems from 0")
                        .contains("sections.sort.sort_1_counted: is neither an item")
                        .contains("sections.order.order_5_problems: is neither an item"));
    }

    /** Every item scored the same, for a total of {@code points} per step. */
    private static Response uniform(int pointsPerStep) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("area", "приёмная");
        for (String step : STEPS) {
            int left = pointsPerStep;
            for (int i = 1; i <= 5; i++) {
                long score = Math.min(4, left);
                left -= score;
                answers.put(step + "_" + i, score);
            }
        }
        return audit(answers);
    }

    private static void scores(Map<String, Object> answers, String step, long... scores) {
        for (int i = 0; i < scores.length; i++) {
            answers.put(step + "_" + (i + 1), scores[i]);
        }
    }

    private static void problems(Map<String, Object> answers, String step, long... counts) {
        for (int i = 0; i < counts.length; i++) {
            answers.put(step + "_" + (i + 1) + "_problems", counts[i]);
        }
    }

    private static Response audit(Map<String, Object> answers) {
        return new Response("five-s-office-audit", 1, "uer", "2026-Q4", answers);
    }
}

package ru.berezhno.plugins.culture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.statistics.CommonsMathStatistics;
import ru.berezhno.testing.BundledDefinitions;
import ru.berezhno.core.results.ListResponseGroup;
import ru.berezhno.spi.Finding;
import ru.berezhno.spi.IndexValue;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.Response;
import ru.berezhno.spi.SurveyDefinition;

/** The kind found through ServiceLoader, on the bundled definition. */
class CultureSelfDiagnosisKindTest {
    private final PluginRegistry plugins = PluginRegistry.load(getClass().getClassLoader());
    private final InstrumentKind kind = plugins.kind("culture-self-diagnosis").orElseThrow();
    private final SurveyDefinition definition = BundledDefinitions.load(plugins, "culture-self-diagnosis");

    @Test
    void theBundledInstrumentHasSixScalesOfFourToSixItemsWithReverseKeys() {
        List<?> scales = (List<?>) definition.options().get("scales");
        assertThat(scales).hasSize(6);
        definition.sections().stream().filter(section -> scales.contains(section.id())).forEach(section -> {
            assertThat(section.questions()).as(section.id()).hasSizeBetween(4, 6);
            assertThat(section.questions()).as("each scale has a reverse-keyed item: " + section.id()).anyMatch(Question::reverse);
        });
        assertThat(definition.question("losses").orElseThrow().options()).hasSizeGreaterThanOrEqualTo(7);
        assertThat(definition.question("proposals")).isPresent();
        assertThat(definition.audience()).isEqualTo("staff");
    }

    @Test
    void aReverseKeyedItemCountsAsSixMinusTheAnswer() {
        // Planning: 5, 5, reverse-keyed 1 (counts 5), 5 → 5.0; with the reverse item at 5 (counts 1) → 4.0.
        Map<String, Object> agreeing = kind.score(definition, planning(5, 5, 1, 5));
        assertThat(agreeing).containsEntry("scale.planning", 5.0);
        assertThat(kind.score(definition, planning(5, 5, 5, 5))).containsEntry("scale.planning", 4.0);
        assertThat(kind.derivedValues(definition, planning(5, 5, 1, 5))).containsEntry("scale.planning.total", 20L)
                .containsEntry("scale.planning.item.plan_changes_unexplained", 5L);
    }

    @Test
    void scaleMeanIntervalAndCronbachsAlphaMatchAHandComputation() {
        // Keyed answers of five respondents to the four planning items (the third is reverse-keyed,
        // so its raw answer is 6 − keyed):
        //   item 1: 4 3 5 2 4 (variance 1.3)   item 2: 5 3 5 3 4 (1.0)
        //   item 3: 4 2 5 3 5 (1.7)            item 4: 5 2 4 3 4 (1.3)
        //   totals: 18 10 19 11 17, mean 15, variance 70/4 = 17.5
        // α = 4/3 · (1 − 5.3/17.5) = 0.929524; scale mean 15/4 = 3.75;
        // t(0.975; 4) = 2.776445, sd 4.183300 → total 15 ± 5.194253 → scale [2.451437, 5.048563].
        int[][] keyed = {{4, 5, 4, 5}, {3, 3, 2, 2}, {5, 5, 5, 4}, {2, 3, 3, 3}, {4, 4, 5, 4}};
        List<Response> responses = new ArrayList<>();
        for (int[] answers : keyed) {
            responses.add(planning(answers[0], answers[1], 6 - answers[2], answers[3]));
        }
        Map<String, IndexValue> indices = kind.indices(definition, new ListResponseGroup(responses, kind, definition), new CommonsMathStatistics());
        assertThat(indices.get("alpha.planning").value()).isCloseTo(0.929524, within(1e-6));
        assertThat(indices.get("scale.planning").value()).isCloseTo(3.75, within(1e-12));
        assertThat(indices.get("scale.planning").ci95().lower()).isCloseTo(2.451437, within(1e-6));
        assertThat(indices.get("scale.planning").ci95().upper()).isCloseTo(5.048563, within(1e-6));
        assertThat(indices).as("scales nobody completed have no index").doesNotContainKey("scale.leadership");
    }

    @Test
    void lossesAreSharesOfAllRespondentsWithAnUnmarkedChecklistCountingAsNone() {
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> answers = new HashMap<>();
            answers.put("losses", i < 3 ? List.of("waiting", "paperwork") : List.of("paperwork"));
            responses.add(new Response("culture-self-diagnosis", 1, "uer", "2026-H2", answers));
        }
        responses.add(new Response("culture-self-diagnosis", 1, "uer", "2026-H2", Map.of()));
        Map<String, IndexValue> indices = kind.indices(definition, new ListResponseGroup(responses, kind, definition), new CommonsMathStatistics());
        assertThat(indices.get("loss.waiting").value()).isCloseTo(60.0, within(1e-9));
        assertThat(indices.get("loss.paperwork").value()).isCloseTo(80.0, within(1e-9));
        assertThat(indices.get("loss.overload").value()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void aLowScaleAndASignificantDeclineAreFound() {
        // Planning totals (4 items) in the round before: 16 17 18 15 16 (mean 16.4 → 4.10);
        // now: 10 11 9 12 10 (mean 10.4 → 2.60, under the threshold 3). Every total now is below every
        // total before: U = 0, z = (0 − 12.5)/sqrt(5·5·11/12) = −2.611165, two-sided p = 0.009023.
        List<Response> before = List.of(keyed(4, 4, 4, 4), keyed(5, 4, 4, 4), keyed(5, 5, 4, 4), keyed(4, 4, 4, 3), keyed(4, 4, 4, 4));
        List<Response> now = List.of(keyed(3, 3, 2, 2), keyed(3, 3, 3, 2), keyed(3, 2, 2, 2), keyed(3, 3, 3, 3), keyed(3, 3, 2, 2));
        List<Finding> findings = kind.findings(definition, new ListResponseGroup(now, kind, definition), new ListResponseGroup(before, kind, definition),
                new CommonsMathStatistics());
        assertThat(findings).extracting(Finding::kind, Finding::subject).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("low", "planning"), org.assertj.core.groups.Tuple.tuple("decline", "planning"));
        Finding decline = findings.stream().filter(finding -> finding.kind().equals("decline")).findFirst().orElseThrow();
        assertThat(decline.value()).isCloseTo(2.60, within(1e-12));
        assertThat(decline.previousValue()).isCloseTo(4.10, within(1e-12));
        assertThat(decline.p()).isCloseTo(0.009023, within(1e-6));
        assertThat(kind.findings(definition, new ListResponseGroup(before, kind, definition), null, new CommonsMathStatistics()))
                .as("a good round alone has nothing to report").isEmpty();
    }

    /** Planning answers given keyed; the reverse-keyed third item is answered 6 − keyed. */
    private static Response keyed(long first, long second, long third, long fourth) {
        return planning(first, second, 6 - third, fourth);
    }

    private static Response planning(long goals, long contribution, long changesUnexplained, long resultsDiscussed) {
        return new Response("culture-self-diagnosis", 1, "uer", "2026-H2", Map.of("plan_goals_known", goals, "plan_contribution", contribution,
                "plan_changes_unexplained", changesUnexplained, "plan_results_discussed", resultsDiscussed));
    }
}

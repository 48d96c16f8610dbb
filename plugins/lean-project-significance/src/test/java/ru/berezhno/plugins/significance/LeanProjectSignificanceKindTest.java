package ru.berezhno.plugins.significance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.results.ListResponseGroup;
import ru.berezhno.core.statistics.CommonsMathStatistics;
import ru.berezhno.spi.IndexValue;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Response;
import ru.berezhno.spi.SurveyDefinition;
import ru.berezhno.testing.BundledDefinitions;

/**
 * The kind found through ServiceLoader, on the bundled default rubric: weights 20, 15, 15, 10, 15,
 * 15, 10 (lead time, satisfaction, resources, reach, replicability, sustainability, involvement);
 * levels 0–3 worth 0, 1, 3, 5 points; gate sustainability at level 2 (3 points); threshold 70.
 */
class LeanProjectSignificanceKindTest {
    private final PluginRegistry plugins = PluginRegistry.load(getClass().getClassLoader());
    private final InstrumentKind kind = plugins.kind("lean-project-significance").orElseThrow();
    private final SurveyDefinition definition = BundledDefinitions.load(plugins, "lean-project-significance");

    @Test
    void theBundledRubricIsTheDomainDefaultMarkedProvisional() {
        assertThat(definition.options().get("provisional")).isEqualTo(true);
        assertThat(((List<?>) definition.options().get("criteria"))).hasSize(7);
        assertThat(definition.audience()).isEqualTo("experts");
    }

    @Test
    void aSheetsWeightedTotalIsComputedAsByHand() {
        // Levels 3 2 2 1 3 2 1 → points 5 3 3 1 5 3 1 → 20·5/5 + 15·3/5 + 15·3/5 + 10·1/5 + 15·5/5 + 15·3/5 + 10·1/5
        // = 20 + 9 + 9 + 2 + 15 + 9 + 2 = 66 of 100.
        Map<String, Object> scores = kind.score(definition, sheet(3, 2, 2, 1, 3, 2, 1));
        assertThat(scores.get("total")).isEqualTo(66.0);
        assertThat(scores.get("lead_time")).isEqualTo(5.0);
        assertThat(scores.get("reach")).isEqualTo(1.0);
        assertThat(kind.score(definition, sheet(2, 1, 1, 0, 2, 1, 1)).get("total")).as("12 + 3 + 3 + 0 + 9 + 3 + 2").isEqualTo(32.0);
    }

    @Test
    void aProjectAboveTheThresholdThatPassesTheGateIsRecommended() {
        // Sheets 66 and 100: mean 83, spread sqrt((17² + 17²)/1) = 24.041631; sustainability points 3 and 5,
        // mean 4 ≥ 3 → gate passed; 83 ≥ 70 → recommended.
        Map<String, IndexValue> indices = indices(sheet(3, 2, 2, 1, 3, 2, 1), sheet(3, 3, 3, 3, 3, 3, 3));
        assertThat(indices.get("total").value()).isCloseTo(83.0, within(1e-9));
        assertThat(indices.get("spread").value()).isCloseTo(24.041631, within(1e-6));
        assertThat(indices.get("criterion.sustainability").value()).isCloseTo(4.0, within(1e-9));
        assertThat(indices.get("gate").value()).isEqualTo(1.0);
        assertThat(indices.get("recommended").value()).isEqualTo(1.0);
    }

    @Test
    void aHighTotalThatFailsTheGateIsNotRecommended() {
        // Everything at 3 but sustainability at 1: 100 − 15 + 15·1/5 = 88, above the threshold, but the
        // sustainability mean of 1 point is under the gate's 3.
        Map<String, IndexValue> indices = indices(sheet(3, 3, 3, 3, 3, 1, 3), sheet(3, 3, 3, 3, 3, 1, 3));
        assertThat(indices.get("total").value()).isCloseTo(88.0, within(1e-9));
        assertThat(indices.get("gate").value()).isEqualTo(0.0);
        assertThat(indices.get("recommended").value()).isEqualTo(0.0);
        Map<String, IndexValue> low = indices(sheet(3, 2, 2, 1, 3, 2, 1), sheet(2, 1, 1, 0, 2, 2, 1));
        assertThat(low.get("gate").value()).as("sustainability 3 and 3 points").isEqualTo(1.0);
        assertThat(low.get("recommended").value()).as("a mean under 70 is not recommended").isEqualTo(0.0);
    }

    private Map<String, IndexValue> indices(Response... sheets) {
        return kind.indices(definition, new ListResponseGroup(List.of(sheets), kind, definition), new CommonsMathStatistics());
    }

    private static Response sheet(long leadTime, long satisfaction, long resources, long reach, long replicability, long sustainability,
            long involvement) {
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("lead_time", leadTime);
        answers.put("satisfaction", satisfaction);
        answers.put("resources", resources);
        answers.put("reach", reach);
        answers.put("replicability", replicability);
        answers.put("sustainability", sustainability);
        answers.put("involvement", involvement);
        return new Response("lean-project-significance", 1, "uer", "2026-Q4", answers);
    }
}

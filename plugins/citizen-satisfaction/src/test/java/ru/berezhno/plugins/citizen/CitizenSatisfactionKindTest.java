package ru.berezhno.plugins.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.statistics.CommonsMathStatistics;
import ru.berezhno.testing.BundledDefinitions;
import ru.berezhno.core.results.ListResponseGroup;
import ru.berezhno.spi.IndexValue;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Response;
import ru.berezhno.spi.SurveyDefinition;

/** The kind as the platform sees it: found through ServiceLoader, on the bundled definition. */
class CitizenSatisfactionKindTest {
    private static final List<String> CRITERIA = List.of("service_time", "queue_time", "staff_courtesy", "premises_comfort", "information_access");

    private final PluginRegistry plugins = PluginRegistry.load(getClass().getClassLoader());
    private final InstrumentKind kind = plugins.kind("citizen-satisfaction").orElseThrow();
    private final SurveyDefinition definition = BundledDefinitions.load(plugins, "citizen-satisfaction");

    @Test
    void theBundledDefinitionIsValidForThisKind() {
        assertThat(definition.kind()).isEqualTo("citizen-satisfaction");
        assertThat(definition.question("queue_time").orElseThrow().labels().get(1).ru()).isEqualTo("Очень плохо");
        assertThat(definition.question("recommend").orElseThrow().scaleMax()).isEqualTo(10);
    }

    @Test
    void oneResponseIsScoredAsTheShareOfItsRatingsAtFourOrFive() {
        // Ratings 5, 4, 3, 2, 1: two of five are satisfied (40%), their mean is 3; 9 is a promoter.
        Map<String, Object> scores = kind.score(definition, response(new long[] {5, 4, 3, 2, 1}, 9L));
        assertThat(scores).containsEntry("satisfaction", 40.0).containsEntry("criteriaMean", 3.0).containsEntry("npsGroup", "promoter");
        assertThat(kind.score(definition, response(new long[] {5, 5, 5, 5, 5}, 6L))).containsEntry("npsGroup", "detractor");
        assertThat(kind.score(definition, response(new long[] {5, 5, 5, 5, 5}, null))).doesNotContainKey("npsGroup");
    }

    @Test
    void satisfactionIsTheTopTwoShareOfAllRatingsWithItsWilsonInterval() {
        // Ratings 5,4,3,2,1 and 5,5,4,4,3: 6 of 10 are 4 or 5 → 60%; Wilson 95% for 6/10 = [31.2674%, 83.1820%].
        Map<String, IndexValue> indices = kind.indices(definition,
                new ListResponseGroup(List.of(response(new long[] {5, 4, 3, 2, 1}, null), response(new long[] {5, 5, 4, 4, 3}, null))),
                new CommonsMathStatistics());
        IndexValue satisfaction = indices.get("satisfaction");
        assertThat(satisfaction.value()).isCloseTo(60.0, within(1e-9));
        assertThat(satisfaction.ci95().lower()).isCloseTo(31.2674, within(1e-4));
        assertThat(satisfaction.ci95().upper()).isCloseTo(83.1820, within(1e-4));
        assertThat(indices).as("no recommend answers, no NPS").doesNotContainKey("nps");
    }

    @Test
    void npsIsPromotersMinusDetractorsWithANormalInterval() {
        // 10, 9, 9, 10 promote; 8, 7 are passive; 6, 5, 3, 0 detract: NPS = 40% − 40% = 0.
        // Var = (0.4 + 0.4 − 0²)/10 = 0.08; half-width = 1.959964·sqrt(0.08) = 0.554362 → ±55.4362 points.
        List<Response> responses = new java.util.ArrayList<>();
        for (long recommend : new long[] {10, 9, 9, 10, 8, 7, 6, 5, 3, 0}) {
            responses.add(response(new long[] {3, 3, 3, 3, 3}, recommend));
        }
        IndexValue nps = kind.indices(definition, new ListResponseGroup(responses), new CommonsMathStatistics()).get("nps");
        assertThat(nps.value()).isCloseTo(0.0, within(1e-9));
        assertThat(nps.ci95().lower()).isCloseTo(-55.4362, within(1e-4));
        assertThat(nps.ci95().upper()).isCloseTo(55.4362, within(1e-4));
    }

    private static Response response(long[] ratings, Long recommend) {
        Map<String, Object> answers = new HashMap<>();
        for (int i = 0; i < ratings.length; i++) {
            answers.put(CRITERIA.get(i), ratings[i]);
        }
        answers.put("overall", 4L);
        answers.put("service", "housing");
        if (recommend != null) {
            answers.put("recommend", recommend);
        }
        return new Response("citizen-satisfaction", 1, "uer", "2026-Q4", answers);
    }
}

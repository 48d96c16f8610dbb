package ru.berezhno.core.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

import ru.berezhno.spi.Interval;

/** Checked against values worked out by hand (formulas in the comments). */
class CommonsMathStatisticsTest {
    private final CommonsMathStatistics statistics = new CommonsMathStatistics();

    @Test
    void wilsonIntervalOfEightInTen() {
        // p = 0.8, z = 1.959964, z² = 3.841459: centre = (p + z²/2n)/(1 + z²/n) = 0.992073/1.384146 = 0.716740,
        // half-width = z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n) = 1.959964·0.160011/1.384146 = 0.226578.
        Interval interval = statistics.wilson(8, 10);
        assertThat(interval.lower()).isCloseTo(0.490162, within(1e-6));
        assertThat(interval.upper()).isCloseTo(0.943318, within(1e-6));
    }

    @Test
    void wilsonIntervalStaysInsideZeroToOneAtTheEdges() {
        // 0 of 20: centre = half-width = (z²/2n)/(1 + z²/n) = 0.0960365/1.1920730 = 0.080563; upper = 0.161125.
        Interval none = statistics.wilson(0, 20);
        assertThat(none.lower()).isEqualTo(0.0);
        assertThat(none.upper()).isCloseTo(0.161125, within(1e-6));
        assertThat(statistics.wilson(20, 20).upper()).isEqualTo(1.0);
    }

    @Test
    void meanStandardDeviationAndTIntervalOfOneToFive() {
        // mean 3, sample sd sqrt(10/4) = 1.581139, t(0.975; 4) = 2.776445, half-width = t·sd/sqrt(5) = 1.963243.
        Summary summary = statistics.summarise(1, 2, 3, 4, 5);
        assertThat(summary.n()).isEqualTo(5);
        assertThat(summary.mean()).isCloseTo(3.0, within(1e-12));
        assertThat(summary.sd()).isCloseTo(1.581139, within(1e-6));
        assertThat(summary.ci95().lower()).isCloseTo(1.036757, within(1e-6));
        assertThat(summary.ci95().upper()).isCloseTo(4.963243, within(1e-6));
    }

    @Test
    void countsGiveExactlyWhatTheExpandedSampleGives() {
        // 4,4,4,5,5,2: mean 4, deviations 0,0,0,1,1,−2, sd = sqrt(6/5) = 1.095445.
        Summary fromCounts = statistics.summariseCounts(Map.of(4L, 3L, 5L, 2L, 2L, 1L));
        Summary fromValues = statistics.summarise(4, 4, 4, 5, 5, 2);
        assertThat(fromCounts.mean()).isCloseTo(4.0, within(1e-12));
        assertThat(fromCounts.sd()).isCloseTo(1.095445, within(1e-6));
        assertThat(fromCounts.sd()).isCloseTo(fromValues.sd(), within(1e-12));
        assertThat(fromCounts.ci95().lower()).isCloseTo(fromValues.ci95().lower(), within(1e-12));
    }

    @Test
    void tooFewValuesGiveNoSpreadAndNoInterval() {
        Summary one = statistics.summarise(4);
        assertThat(one.mean()).isEqualTo(4.0);
        assertThat(one.sd()).isNull();
        assertThat(one.ci95()).isNull();
        assertThat(statistics.summarise().mean()).isNull();
    }

    @Test
    void kendallsWWithTiesMatchesAnIndependentComputation() {
        // Three experts' totals of four projects; the second expert ties projects 1 and 4.
        // Worked in Python (own average ranks; scipy.stats.chi2.sf for p): rank sums 6.5, 12, 3, 8.5;
        // S = 42.5; Σ(t³ − t) = 6; W = 12·42.5/(9·60 − 3·6) = 0.977011; χ² = 3·3·W = 8.793103; p = 0.032172.
        double[][] scores = {{66, 100, 32, 88}, {70, 95, 40, 70}, {60, 90, 45, 80}};
        CommonsMathStatistics.Concordance concordance = statistics.kendallW(scores);
        assertThat(concordance.w()).isCloseTo(0.977011494, within(1e-9));
        assertThat(concordance.chiSquare()).isCloseTo(8.793103448, within(1e-9));
        assertThat(concordance.degreesOfFreedom()).isEqualTo(3);
        assertThat(concordance.p()).isCloseTo(0.032171999, within(1e-9));
    }

    @Test
    void kendallsWIsOneForIdenticalRankingsAndUndefinedForTooFewRaters() {
        assertThat(statistics.kendallW(new double[][] {{1, 2, 3}, {10, 20, 30}}).w()).isCloseTo(1.0, within(1e-12));
        assertThat(statistics.kendallW(new double[][] {{1, 2, 3}})).as("one expert").isNull();
        assertThat(statistics.kendallW(new double[][] {{5, 5}, {5, 5}})).as("everything tied").isNull();
    }
}

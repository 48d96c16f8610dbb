package ru.berezhno.core.statistics;

import java.util.Map;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

import ru.berezhno.spi.Interval;
import ru.berezhno.spi.Statistics;

/** The platform's statistics, on Apache Commons Math. Thread-safe. */
public final class CommonsMathStatistics implements Statistics {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);
    private static final double Z_975 = STANDARD_NORMAL.inverseCumulativeProbability(0.975);
    private static final int MAX_CACHED_QUANTILES = 100_000;
    private static final Map<Long, Double> T_975 = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Interval wilson(long successes, long trials) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials and trials > 0, got " + successes + " of " + trials);
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z_975 * Z_975;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double halfWidth = Z_975 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new Interval(Math.max(0.0, centre - halfWidth), Math.min(1.0, centre + halfWidth));
    }

    @Override
    public Interval meanInterval(long n, double mean, double standardDeviation) {
        if (n < 2) {
            return null;
        }
        double t = tQuantile975(n - 1);
        double halfWidth = t * standardDeviation / Math.sqrt(n);
        return new Interval(mean - halfWidth, mean + halfWidth);
    }

    @Override
    public double normalQuantile(double p) {
        return p == 0.975 ? Z_975 : STANDARD_NORMAL.inverseCumulativeProbability(p);
    }

    /**
     * Mann–Whitney U with Commons Math: the normal approximation of U, two-sided, on the samples
     * expanded from their counts (groups here are one organisation's staff, so at most a few
     * thousand values).
     */
    @Override
    public double mannWhitneyP(java.util.SortedMap<Long, Long> first, java.util.SortedMap<Long, Long> second) {
        double[] x = expand(first);
        double[] y = expand(second);
        if (x.length == 0 || y.length == 0) {
            return Double.NaN;
        }
        return new org.apache.commons.math3.stat.inference.MannWhitneyUTest().mannWhitneyUTest(x, y);
    }

    private static double[] expand(Map<Long, Long> counts) {
        long n = counts.values().stream().mapToLong(Long::longValue).sum();
        double[] values = new double[Math.toIntExact(n)];
        int i = 0;
        for (Map.Entry<Long, Long> entry : counts.entrySet()) {
            for (long c = 0; c < entry.getValue(); c++) {
                values[i++] = entry.getKey();
            }
        }
        return values;
    }

    /**
     * The 0.975 quantile of Student's t with the given degrees of freedom. Computing it takes tens of
     * microseconds and a results call needs one per question and group, so values are remembered;
     * there is one per distinct group size, a few thousand at most in practice, capped all the same.
     */
    private static double tQuantile975(long degreesOfFreedom) {
        Double cached = T_975.get(degreesOfFreedom);
        if (cached != null) {
            return cached;
        }
        double t = new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(0.975);
        if (T_975.size() < MAX_CACHED_QUANTILES) {
            T_975.put(degreesOfFreedom, t);
        }
        return t;
    }

    /** Summarises a sample given as values. */
    public Summary summarise(double... values) {
        SummaryStatistics statistics = new SummaryStatistics();
        for (double value : values) {
            statistics.addValue(value);
        }
        long n = statistics.getN();
        if (n == 0) {
            return new Summary(0, null, null, null);
        }
        double mean = statistics.getMean();
        if (n == 1) {
            return new Summary(1, mean, null, null);
        }
        double sd = statistics.getStandardDeviation();
        return new Summary(n, mean, sd, meanInterval(n, mean, sd));
    }

    /**
     * Summarises a sample given as counts per value, exactly and without expanding it: the mean is
     * Σv·c/n and the variance Σc·(v − mean)²/(n − 1).
     */
    public Summary summariseCounts(Map<? extends Number, Long> counts) {
        long n = 0;
        double sum = 0;
        for (Map.Entry<? extends Number, Long> entry : counts.entrySet()) {
            n += entry.getValue();
            sum += entry.getKey().doubleValue() * entry.getValue();
        }
        if (n == 0) {
            return new Summary(0, null, null, null);
        }
        double mean = sum / n;
        if (n == 1) {
            return new Summary(1, mean, null, null);
        }
        double squares = 0;
        for (Map.Entry<? extends Number, Long> entry : counts.entrySet()) {
            double deviation = entry.getKey().doubleValue() - mean;
            squares += deviation * deviation * entry.getValue();
        }
        double sd = Math.sqrt(squares / (n - 1));
        return new Summary(n, mean, sd, meanInterval(n, mean, sd));
    }

    /** Kendall's coefficient of concordance with its chi-square test. */
    public record Concordance(int raters, int objects, double w, double chiSquare, int degreesOfFreedom, double p) {
    }

    /**
     * Kendall's W of {@code m} raters over {@code n} objects, {@code scores[rater][object]} (higher is
     * better; each rater's scores are ranked, ties at their mean rank), corrected for ties:
     * W = 12·S / (m²(n³ − n) − m·Σ(t³ − t)); its significance by χ² = m(n − 1)·W with n − 1 degrees of
     * freedom. Null when fewer than two raters or objects, or when every rater tied everything.
     */
    public Concordance kendallW(double[][] scores) {
        int m = scores.length;
        int n = m == 0 ? 0 : scores[0].length;
        if (m < 2 || n < 2) {
            return null;
        }
        org.apache.commons.math3.stat.ranking.NaturalRanking ranking = new org.apache.commons.math3.stat.ranking.NaturalRanking(
                org.apache.commons.math3.stat.ranking.NaNStrategy.FAILED, org.apache.commons.math3.stat.ranking.TiesStrategy.AVERAGE);
        double[] sums = new double[n];
        double ties = 0;
        for (double[] rater : scores) {
            if (rater.length != n) {
                throw new IllegalArgumentException("every rater must score all " + n + " objects");
            }
            double[] ranks = ranking.rank(rater);
            Map<Double, Integer> sizes = new java.util.HashMap<>();
            for (int j = 0; j < n; j++) {
                sums[j] += ranks[j];
                sizes.merge(ranks[j], 1, Integer::sum);
            }
            for (int t : sizes.values()) {
                ties += (double) t * t * t - t;
            }
        }
        double mean = m * (n + 1) / 2.0;
        double s = 0;
        for (double sum : sums) {
            s += (sum - mean) * (sum - mean);
        }
        double denominator = (double) m * m * ((double) n * n * n - n) - m * ties;
        if (denominator <= 0) {
            return null;
        }
        double w = 12 * s / denominator;
        double chiSquare = m * (n - 1) * w;
        double p = 1 - new org.apache.commons.math3.distribution.ChiSquaredDistribution(null, n - 1).cumulativeProbability(chiSquare);
        return new Concordance(m, n, w, chiSquare, n - 1, p);
    }
}

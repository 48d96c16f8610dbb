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
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
        double halfWidth = t * standardDeviation / Math.sqrt(n);
        return new Interval(mean - halfWidth, mean + halfWidth);
    }

    @Override
    public double normalQuantile(double p) {
        return STANDARD_NORMAL.inverseCumulativeProbability(p);
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
}

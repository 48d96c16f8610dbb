package ru.berezhno.spi;

/** Statistical methods the platform lends to plugins, so that plugins need no library of their own. */
public interface Statistics {
    /** The 95% Wilson score interval of a proportion, on the 0..1 scale. */
    Interval wilson(long successes, long trials);

    /** The 95% t-interval of a mean, or {@code null} when {@code n < 2}. */
    Interval meanInterval(long n, double mean, double standardDeviation);

    /** The standard normal quantile for the cumulative probability {@code p}. */
    double normalQuantile(double p);

    /**
     * The two-sided p-value of the Mann–Whitney U test between two samples given as counts per
     * value, or NaN when either is empty.
     */
    double mannWhitneyP(java.util.SortedMap<Long, Long> first, java.util.SortedMap<Long, Long> second);
}

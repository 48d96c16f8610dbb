package ru.berezhno.core.statistics;

import ru.berezhno.spi.Interval;

/**
 * Descriptive statistics of a numeric sample: n, mean, sample standard deviation (n − 1 in the
 * denominator) and the 95% t-interval of the mean. {@code sd} and {@code ci95} are null below two
 * values, {@code mean} below one.
 */
public record Summary(long n, Double mean, Double sd, Interval ci95) {
}

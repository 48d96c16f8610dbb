package ru.berezhno.spi;

/** A confidence interval. */
public record Interval(double lower, double upper) {
    public Interval {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("invalid interval [" + lower + ", " + upper + "]");
        }
    }
}

package ru.berezhno.spi;

/** The value of an index with its 95% interval ({@code null} when none can be given). */
public record IndexValue(double value, Interval ci95) {
}

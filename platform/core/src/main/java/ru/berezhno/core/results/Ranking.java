package ru.berezhno.core.results;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Organisations ranked by one index of a survey in one period (or over all periods when null),
 * highest first; equal values share a rank (1, 1, 3). Suppressed groups are left out.
 */
public record Ranking(String survey, String period, String index, List<Entry> ranking) {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(int rank, String organization, long responses, double value, List<Double> ci95) {
    }
}

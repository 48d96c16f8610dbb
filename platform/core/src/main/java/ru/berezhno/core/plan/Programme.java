package ru.berezhno.core.plan;

import java.util.List;
import java.util.Map;

import ru.berezhno.spi.LocalizedText;

/**
 * A programme of lean management with its yearly targets, as read from a file beside the
 * definitions ({@code programmes/*.yaml}). {@code provisional} marks targets that are a stand-in
 * until the official ones are known.
 */
public record Programme(String id, LocalizedText name, List<Integer> years, boolean provisional, List<Indicator> indicators) {
    public Programme {
        years = List.copyOf(years);
        indicators = List.copyOf(indicators);
    }

    /**
     * One indicator: its id, the plan item it carries out, its name, whether each responsible unit
     * or the district as a whole must reach it ({@code scope}), what it counts ({@code measure}:
     * {@code count} or {@code percent}), where the platform finds its value ({@code source}; for
     * {@code report} the report's {@code field} and how the year's quarters add up,
     * {@code aggregate} {@code sum} or {@code latest}), its target per year, and targets per year for
     * units of a kind ({@code targetsByKind}) where they differ.
     */
    public record Indicator(String id, String item, LocalizedText name, String scope, String measure, String source, String field, String aggregate,
            Map<Integer, Double> targets, Map<String, Map<Integer, Double>> targetsByKind) {
        public Indicator {
            targets = Map.copyOf(targets);
            targetsByKind = Map.copyOf(targetsByKind);
        }

        /** The target for a year and a unit of a kind (null kind: the general target), or null when none is set. */
        public Double target(int year, String unitKind) {
            Map<Integer, Double> byKind = unitKind == null ? null : targetsByKind.get(unitKind);
            return byKind != null && byKind.containsKey(year) ? byKind.get(year) : targets.get(year);
        }
    }

    public java.util.Optional<Indicator> indicator(String id) {
        return indicators.stream().filter(indicator -> indicator.id().equals(id)).findFirst();
    }
}

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
     * {@code count} or {@code percent}), where the platform finds its value ({@code source}), and its
     * target per year.
     */
    public record Indicator(String id, String item, LocalizedText name, String scope, String measure, String source, Map<Integer, Double> targets) {
        public Indicator {
            targets = Map.copyOf(targets);
        }
    }

    public java.util.Optional<Indicator> indicator(String id) {
        return indicators.stream().filter(indicator -> indicator.id().equals(id)).findFirst();
    }
}

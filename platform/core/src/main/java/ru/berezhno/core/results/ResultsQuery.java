package ru.berezhno.core.results;

import java.util.Set;

/** What to aggregate: optional filters and the dimensions to group by. */
public record ResultsQuery(String organization, String period, Set<Dimension> groupBy) {
    public ResultsQuery {
        groupBy = Set.copyOf(groupBy);
    }

    /** A dimension results can be grouped by. */
    public enum Dimension {
        ORGANIZATION, PERIOD
    }
}

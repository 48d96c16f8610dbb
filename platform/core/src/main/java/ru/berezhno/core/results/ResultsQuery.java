package ru.berezhno.core.results;

import java.util.Set;

/**
 * What to aggregate: optional filters and the dimensions to group by. With {@code subtree}, the
 * organisation filter takes in the organisations under it too.
 */
public record ResultsQuery(String organization, String period, Set<Dimension> groupBy, boolean subtree) {
    public ResultsQuery {
        groupBy = Set.copyOf(groupBy);
    }

    public ResultsQuery(String organization, String period, Set<Dimension> groupBy) {
        this(organization, period, groupBy, false);
    }

    /** A dimension results can be grouped by. */
    public enum Dimension {
        ORGANIZATION, PERIOD
    }
}

package ru.berezhno.spi;

import java.util.SortedMap;

/** A group of responses over which indices are computed. */
public interface ResponseGroup {
    /** How many responses the group holds. */
    long size();

    /**
     * For a {@code scale} question, an integer {@code number} question, or a value the kind derives
     * ({@link InstrumentKind#derivedValues}): how many responses gave each value. Values nobody gave
     * may be absent.
     */
    SortedMap<Long, Long> valueCounts(String questionId);

    /** Every response of the group; may be costly, prefer {@link #valueCounts} where it suffices. */
    Iterable<Response> responses();
}

package ru.berezhno.core.store;

import java.util.List;

/**
 * Computes the derived writes (counters, secondary indexes) that follow from journaled ones. The
 * writer marks derived writes with {@link Write#derived()}; they are applied but not journaled,
 * and replaying the journal derives them again. This keeps the journal to the primary data.
 * Must be a pure function of the journaled writes, apart from the names of random keys.
 */
@FunctionalInterface
public interface Derivation {
    Derivation NONE = writes -> List.of();

    List<Write> derive(List<Write> journaled);
}

package ru.berezhno.storage;

/** Told of every batch the journal takes, on the store's writer thread: it must be quick and must not throw. */
@FunctionalInterface
public interface JournalListener {
    JournalListener NONE = (writes, nanos) -> {
    };

    /** A batch of {@code writes} submissions was appended and fsynced in {@code nanos}. */
    void journaled(int writes, long nanos);
}

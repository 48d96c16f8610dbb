package ru.berezhno.storage;

/** What opening the store does when the journal is damaged (not merely cut short by a crash). */
public enum DamagePolicy {
    /** Refuse to open, naming the file and the offset: the safe default. */
    REFUSE,
    /**
     * Keep every record that can be read: the damaged stretch is set aside and replaced by a gap,
     * and what was lost is reported ({@link MapDbStore#salvaged()}).
     */
    SALVAGE
}

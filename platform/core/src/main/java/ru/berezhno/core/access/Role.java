package ru.berezhno.core.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a token allows. */
public enum Role {
    /** Everything, including issuing tokens and importing responses. */
    ADMIN,
    /** Reads results and exports (УЭР). */
    ANALYST,
    /** Records 5S audits. */
    AUDITOR,
    /** Scores lean projects. */
    EXPERT,
    /** Coordinates lean work in one organisation. */
    COORDINATOR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromId(String id) {
        return Arrays.stream(values()).filter(role -> role.id().equals(id)).findFirst();
    }
}

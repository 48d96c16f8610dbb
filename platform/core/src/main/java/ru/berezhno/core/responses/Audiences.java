package ru.berezhno.core.responses;

import java.util.Optional;

import ru.berezhno.core.access.Role;
import ru.berezhno.spi.SurveyDefinition;

/** Who answers a survey, and what follows from it. */
public final class Audiences {
    private Audiences() {
    }

    /**
     * Whether responses are given under a name: audits, scoresheets and reports are; citizens' and
     * staff surveys are anonymous, so nothing that identifies a respondent is stored with them and
     * small groups are never shown.
     */
    public static boolean attributed(SurveyDefinition definition) {
        return !definition.audience().equals("citizens") && !definition.audience().equals("staff");
    }

    /** Whether a survey is answered anonymously with a single-use invitation code (staff of an organisation). */
    public static boolean invited(SurveyDefinition definition) {
        return definition.audience().equals("staff");
    }

    /**
     * The role that answers an attributed survey (auditors, experts, coordinators); empty for the
     * anonymous ones, which anyone may answer, and for an audience no role answers (then only an
     * administrator may).
     */
    public static Optional<Role> role(SurveyDefinition definition) {
        return switch (definition.audience()) {
            case "auditors" -> Optional.of(Role.AUDITOR);
            case "experts" -> Optional.of(Role.EXPERT);
            case "coordinators" -> Optional.of(Role.COORDINATOR);
            default -> Optional.empty();
        };
    }
}

package ru.berezhno.core.responses;

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
}

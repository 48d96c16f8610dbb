package ru.berezhno.core.results;

import java.util.List;

import ru.berezhno.spi.Finding;

/**
 * Per organisation shown in a period: what deserves attention, against the period before
 * ({@code previousPeriod} is null when there is none that may be shown).
 */
public record Findings(String survey, String period, List<Organization> organizations) {

    /** One organisation's findings. */
    public record Organization(String organization, long responses, String previousPeriod, List<Finding> findings) {
    }
}

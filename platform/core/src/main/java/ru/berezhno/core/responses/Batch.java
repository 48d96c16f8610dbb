package ru.berezhno.core.responses;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A batch of anonymous responses kept apart from a survey's own log, so that it can be decided on,
 * or voided, as a whole: an import of paper questionnaires, or the submissions held in quarantine
 * for one organisation, period and reason. A batch counts in results and exports only while it is
 * {@link Status#ACCEPTED}. It records no time finer than the day it began, and nothing about who
 * answered.
 *
 * @param organization for a quarantine batch, the organisation its submissions named; null for an import
 * @param period for a quarantine batch, the period its submissions fell in; null for an import
 * @param reason for a quarantine batch, why its submissions were held; null for an import
 * @param firstDay the local date the batch began
 * @param decidedBy who last decided on it (accepted, discarded, voided), or null
 * @param decidedAt when, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Batch(String id, String survey, Kind kind, String organization, String period, Reason reason, Status status, String firstDay,
        String decidedBy, String decidedAt) {
    /** Where a batch came from. */
    public enum Kind {
        @JsonProperty("import") IMPORT, @JsonProperty("quarantine") QUARANTINE
    }

    /** Why submissions were held. */
    public enum Reason {
        /** One client sent more than the per-client limit allows. */
        @JsonProperty("client-limit") CLIENT_LIMIT,
        /** One organisation received far more than usual within a window. */
        @JsonProperty("flood") FLOOD
    }

    /** Where a batch stands: held ones await an administrator; accepted ones count; the others never will again. */
    public enum Status {
        @JsonProperty("held") HELD, @JsonProperty("accepted") ACCEPTED, @JsonProperty("discarded") DISCARDED, @JsonProperty("voided") VOIDED
    }

    public Batch {
        requireNonNull(id, "id is null");
        requireNonNull(survey, "survey is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(status, "status is null");
        requireNonNull(firstDay, "firstDay is null");
    }

    /** This batch in another status, decided by {@code by} at {@code at}. */
    public Batch decided(Status newStatus, String by, String at) {
        return new Batch(id, survey, kind, organization, period, reason, newStatus, firstDay, by, at);
    }
}

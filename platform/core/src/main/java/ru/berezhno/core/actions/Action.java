package ru.berezhno.core.actions;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A corrective action raised by a finding of an attributed response (an audit), the {@code position}-th
 * of that response: what was found,
 * under which question, at which organisation and subject (workplace), who owns it (null until
 * someone is named), the ISO date it is due, its status, and every change made to it.
 */
public record Action(String id, String survey, String response, int position, String organization, String subject, String source, String text,
        String owner, String due, Status status, String createdAt, List<Change> history) {
    public Action {
        requireNonNull(id, "id is null");
        requireNonNull(survey, "survey is null");
        requireNonNull(response, "response is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(source, "source is null");
        requireNonNull(text, "text is null");
        requireNonNull(due, "due is null");
        requireNonNull(status, "status is null");
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** Open: to be done; done: its owner says it is; verified: an auditor saw that it is. */
    public enum Status {
        OPEN, DONE, VERIFIED;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        static Status of(String id) {
            return fromId(id).orElseThrow(() -> new IllegalArgumentException("no status " + id));
        }

        public static Optional<Status> fromId(String id) {
            for (Status status : values()) {
                if (status.id().equals(id)) {
                    return Optional.of(status);
                }
            }
            return Optional.empty();
        }
    }

    /** One change: when, by whom, and the status, owner and due date after it. */
    public record Change(String at, String by, Status status, String owner, String due) {
    }

    /** Still open after its due date. A done action waits for verification and is not overdue. */
    @JsonIgnore
    public boolean overdueOn(LocalDate today) {
        return status == Status.OPEN && LocalDate.parse(due).isBefore(today);
    }
}

package ru.berezhno.core.projects;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A lean project in the register: its title, the organisation that owns it, the year it belongs
 * to, its status, and for a replica the project it replicates (or null). {@code createdBy} and
 * {@code updatedAt} say who registered it and when it last changed.
 */
public record Project(String id, String title, String organization, int year, Status status, String replicates, String createdBy,
        String createdAt, String updatedAt) {
    public Project {
        requireNonNull(id, "id is null");
        requireNonNull(title, "title is null");
        requireNonNull(organization, "organization is null");
        requireNonNull(status, "status is null");
    }

    /** Where a project stands. */
    public enum Status {
        PLANNED("planned"), IN_PROGRESS("in-progress"), IMPLEMENTED("implemented");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        static Status of(String id) {
            return fromId(id).orElseThrow(() -> new IllegalArgumentException("no status " + id));
        }

        public static Optional<Status> fromId(String id) {
            for (Status status : values()) {
                if (status.id.equals(id) || status.name().toLowerCase(Locale.ROOT).equals(id)) {
                    return Optional.of(status);
                }
            }
            return Optional.empty();
        }
    }

    public boolean replica() {
        return replicates != null;
    }
}

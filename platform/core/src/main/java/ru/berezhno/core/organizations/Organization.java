package ru.berezhno.core.organizations;

import static java.util.Objects.requireNonNull;

/**
 * An organisation of the directory; {@code parent} is null at the top. {@code kind} (a body, an
 * institution, a territorial administration…, or null) lets the plan set targets per kind of unit;
 * {@code reporting} says whether the unit reports quarterly on the lean plan.
 */
public record Organization(String id, String name, String nameEn, String parent, String kind, boolean reporting) {
    public Organization {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
    }

    public Organization(String id, String name, String nameEn, String parent) {
        this(id, name, nameEn, parent, null, true);
    }
}

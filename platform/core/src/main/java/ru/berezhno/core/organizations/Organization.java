package ru.berezhno.core.organizations;

import static java.util.Objects.requireNonNull;

/** An organisation of the directory; {@code parent} is null at the top. */
public record Organization(String id, String name, String nameEn, String parent) {
    public Organization {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
    }
}

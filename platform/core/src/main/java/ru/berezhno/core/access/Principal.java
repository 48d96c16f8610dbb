package ru.berezhno.core.access;

import static java.util.Objects.requireNonNull;

/** The holder of a token: its role, a name for people to read, and optionally its organisation. */
public record Principal(Role role, String name, String organization) {
    public Principal {
        requireNonNull(role, "role is null");
        requireNonNull(name, "name is null");
    }
}

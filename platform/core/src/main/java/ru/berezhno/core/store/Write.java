package ru.berezhno.core.store;

import static java.util.Objects.requireNonNull;

/**
 * One write of a {@link Store#write} batch: put {@code value} under {@code key}, or delete the key
 * when {@code value} is null. With {@code mustBeAbsent}, the whole batch fails if the key exists.
 */
public record Write(String collection, String key, byte[] value, boolean mustBeAbsent) {
    public Write {
        requireNonNull(collection, "collection is null");
        requireNonNull(key, "key is null");
    }

    public static Write put(String collection, String key, byte[] value) {
        return new Write(collection, key, requireNonNull(value, "value is null"), false);
    }

    /** Puts a new entry; the batch fails if the key is already taken. */
    public static Write insert(String collection, String key, byte[] value) {
        return new Write(collection, key, requireNonNull(value, "value is null"), true);
    }

    public static Write delete(String collection, String key) {
        return new Write(collection, key, null, false);
    }
}

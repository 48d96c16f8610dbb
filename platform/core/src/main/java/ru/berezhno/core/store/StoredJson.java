package ru.berezhno.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Records kept in the store as JSON: rounds, actions and the like. */
public final class StoredJson {
    private static final ObjectMapper CODEC = new ObjectMapper();

    private StoredJson() {
    }

    public static byte[] encode(Object value) {
        try {
            return CODEC.writeValueAsBytes(value);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a stored record; {@code what} names it in the error when it cannot be read. */
    public static <T> T decode(byte[] value, Class<T> type, String what) {
        try {
            return CODEC.readValue(value, type);
        }
        catch (IOException e) {
            throw new UncheckedIOException("a stored " + what + " cannot be read", e);
        }
    }
}

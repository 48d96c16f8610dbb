package ru.berezhno.core.store;

/** A write batch was refused because a key that had to be absent exists; nothing was written. */
public final class WriteConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String collection;
    private final String key;

    public WriteConflictException(String collection, String key) {
        super("key '" + key + "' already exists in '" + collection + "'");
        this.collection = collection;
        this.key = key;
    }

    public String collection() {
        return collection;
    }

    public String key() {
        return key;
    }
}

package ru.berezhno.core.store;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;

/**
 * One write of a {@link Store#write} batch: put a value under a key, delete a key, add to the
 * counter under a key (an 8-byte big-endian long, absent counting as zero), or append a record to
 * an append-only log (whose name is the write's key; see {@link Store#scanLog}). With
 * {@code mustBeAbsent}, the whole batch fails if the key exists. A {@code derived} write follows
 * from the others of its batch by the store's {@link Derivation}: it is applied but not journaled.
 * A write {@code keptApart} is not journaled either, though nothing can derive it again (it comes
 * with something the journal must not hold beside it): the store keeps its collection in a file of
 * its own, in key order, and reads it back when it rebuilds from the journal.
 */
public record Write(Kind kind, String collection, String key, byte[] value, long delta, boolean mustBeAbsent, boolean derived,
        boolean keptApart) {
    /** What a write does. */
    public enum Kind {
        PUT, DELETE, ADD, APPEND
    }

    /** What a log's name may be: it names a file. */
    private static final java.util.regex.Pattern LOG_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    public Write {
        requireNonNull(kind, "kind is null");
        requireNonNull(collection, "collection is null");
        requireNonNull(key, "key is null");
        if ((kind == Kind.PUT || kind == Kind.APPEND) != (value != null)) {
            throw new IllegalArgumentException("a put or an append needs a value, and only they have one");
        }
        if (kind == Kind.APPEND && (!LOG_NAME.matcher(collection).matches() || !LOG_NAME.matcher(key).matches())) {
            throw new IllegalArgumentException("a log's collection and name are lowercase letters, digits, '.', '_' and '-': " + collection + "/" + key);
        }
    }

    public static Write put(String collection, String key, byte[] value) {
        return new Write(Kind.PUT, collection, key, requireNonNull(value, "value is null"), 0, false, false, false);
    }

    /** Puts a new entry; the batch fails if the key is already taken. */
    public static Write insert(String collection, String key, byte[] value) {
        return new Write(Kind.PUT, collection, key, requireNonNull(value, "value is null"), 0, true, false, false);
    }

    public static Write delete(String collection, String key) {
        return new Write(Kind.DELETE, collection, key, null, 0, false, false, false);
    }

    /** Adds {@code delta} to the counter under the key. */
    public static Write add(String collection, String key, long delta) {
        return new Write(Kind.ADD, collection, key, null, delta, false, false, false);
    }

    /** Appends a record to the log {@code log} of an append-only collection. */
    public static Write append(String collection, String log, byte[] value) {
        return new Write(Kind.APPEND, collection, log, requireNonNull(value, "value is null"), 0, false, false, false);
    }

    /** This write, marked as derived from the other writes of its batch. */
    public Write asDerived() {
        return new Write(kind, collection, key, value, delta, mustBeAbsent, true, false);
    }

    /** This write, left out of the journal and kept apart with its collection (see the class comment); puts only. */
    public Write asKeptApart() {
        if (kind != Kind.PUT) {
            throw new IllegalArgumentException("only puts are kept apart, not " + kind);
        }
        return new Write(kind, collection, key, value, delta, mustBeAbsent, true, true);
    }

    /** The value of a counter as stored. */
    public static long counter(byte[] value) {
        return value == null ? 0 : ByteBuffer.wrap(value).getLong();
    }

    public static byte[] counterBytes(long count) {
        return ByteBuffer.allocate(Long.BYTES).putLong(count).array();
    }
}

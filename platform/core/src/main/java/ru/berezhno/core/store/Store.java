package ru.berezhno.core.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;

/**
 * Durable key–value storage in named collections, the one interface between the platform and its
 * storage backend. Keys are ordered as strings within a collection.
 *
 * <p>A {@link #write} applies all its writes or none; its future completes only once they would
 * survive a crash of the process or machine (an fsync), and fails with
 * {@link WriteConflictException} when a precondition does not hold. A completed write is visible to
 * every later read.
 */
public interface Store extends AutoCloseable {
    CompletableFuture<Void> write(List<Write> writes);

    /**
     * Writes and waits until the writes are durable.
     *
     * @throws TimeoutException when they are not durable within the timeout (they may still become so)
     * @throws ApiException {@link ErrorCode#UNAVAILABLE} when the disk is full: nothing was written, and the same write
     *         succeeds once space is freed
     * @throws StoreException when the store refused or failed them; its cause says why
     */
    default void writeAndWait(List<Write> writes, Duration timeout) throws TimeoutException {
        try {
            write(writes).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a write", e);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof StoreFullException) {
                throw new ApiException(ErrorCode.UNAVAILABLE, "detail.diskFull");
            }
            throw new StoreException("a write failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Whether writes are being refused for want of disk space (they are taken again once there is room). */
    default boolean diskFull() {
        return false;
    }

    Optional<byte[]> get(String collection, String key);

    /** Calls {@code consumer} for each entry whose key starts with {@code keyPrefix}, in key order. */
    default void scan(String collection, String keyPrefix, BiConsumer<String, byte[]> consumer) {
        scan(collection, keyPrefix, Long.MAX_VALUE, consumer);
    }

    /** Calls {@code consumer} for the first {@code limit} entries whose key starts with {@code keyPrefix}, in key order. */
    void scan(String collection, String keyPrefix, long limit, BiConsumer<String, byte[]> consumer);

    /**
     * Calls {@code consumer} with every record appended to a log ({@link Write#append}) whose write
     * completed before the scan began, each once, in the order they were appended; later ones may
     * be included. Logs are for records that are only ever read all together: they cost far less
     * to write than keyed entries.
     */
    void scanLog(String collection, String log, Consumer<byte[]> consumer);

    /** How many records have been appended to a log. */
    long logSize(String collection, String log);

    /** The names of a collection's logs, in order. */
    List<String> logs(String collection);

    /** How many entries have a key starting with {@code keyPrefix}. */
    long count(String collection, String keyPrefix);

    /**
     * Why the store refuses writes, if it does: a storage failure it cannot recover from by itself
     * (the server reports it on {@code /health} and {@code /ready}). Empty while writes are taken.
     */
    default Optional<StoreException> failure() {
        return Optional.empty();
    }

    /** Flushes and releases the storage; writes submitted before stay durable. */
    @Override
    void close();
}

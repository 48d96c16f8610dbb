package ru.berezhno.core.responses;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoredJson;
import ru.berezhno.core.store.Write;

/**
 * The batches there are ({@code batches} collection, by id), held in memory; their responses are
 * in the append-only log of the same name in the {@code batched} collection. Reading a survey's
 * responses asks this ledger which batches count.
 */
public final class BatchLedger {
    public static final String COLLECTION = "batches";
    /** The collection of the batches' logs, one log per batch. */
    public static final String LOGS = "batched";
    /** How many submissions each quarantine batch did not keep, over its bound: a counter per batch. */
    public static final String NOT_KEPT = "batch-not-kept";

    private final Store store;
    private final ConcurrentHashMap<String, Batch> batches = new ConcurrentHashMap<>();

    public BatchLedger(Store store) {
        this.store = requireNonNull(store, "store is null");
        store.scan(COLLECTION, "", (key, value) -> batches.put(key, StoredJson.decode(value, Batch.class, "batch")));
    }

    public Optional<Batch> find(String id) {
        return Optional.ofNullable(batches.get(id));
    }

    /** Every batch, newest first. */
    public List<Batch> all() {
        return batches.values().stream().sorted(Comparator.comparing(Batch::firstDay).reversed().thenComparing(Batch::id)).toList();
    }

    /** The ids of a survey's batches that count in its results and exports. */
    public List<String> counted(String survey) {
        return batches.values().stream().filter(batch -> batch.status() == Batch.Status.ACCEPTED && batch.survey().equals(survey))
                .map(Batch::id).sorted().toList();
    }

    /** How many responses a batch holds. */
    public long size(String id) {
        return store.logSize(LOGS, id);
    }

    /** How many submissions a batch did not keep, as written so far. */
    public long notKept(String id) {
        return store.get(NOT_KEPT, id).map(Write::counter).orElse(0L);
    }

    static Write notKept(String id, long more) {
        return Write.add(NOT_KEPT, id, more);
    }

    /** The write that stores a batch as it now is; {@link #stored} once it is durable. */
    static Write write(Batch batch) {
        return Write.put(COLLECTION, batch.id(), StoredJson.encode(batch));
    }

    /** Writes and waits: a batch's record, with the writes that go with it. */
    void storeAndWait(List<Write> writes, java.time.Duration timeout) throws java.util.concurrent.TimeoutException {
        store.writeAndWait(writes, timeout);
    }

    void stored(Batch batch) {
        batches.put(batch.id(), batch);
    }
}

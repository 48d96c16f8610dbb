package ru.berezhno.storage;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoreException;
import ru.berezhno.core.store.Write;

/**
 * The store as a {@link DataSnapshot} holds it, read-only: MapDB's copy opened read-only, each log
 * read up to the length the copy's commit recorded. Writes are refused.
 */
public final class SnapshotStore implements Store {
    private final DB db;
    private final Map<String, DataSnapshot.Log> logs;

    SnapshotStore(java.nio.file.Path storeCopy, List<DataSnapshot.Log> logs) {
        this.db = DBMaker.fileDB(storeCopy.toFile()).readOnly().fileChannelEnable().make();
        this.logs = logs.stream().collect(Collectors.toMap(DataSnapshot.Log::key, log -> log));
    }

    @Override
    public CompletableFuture<Void> write(List<Write> writes) {
        return CompletableFuture.failedFuture(new StoreException("a snapshot is read-only"));
    }

    /** The names of the collections the snapshot holds. */
    public List<String> collections() {
        return java.util.stream.StreamSupport.stream(db.getAllNames().spliterator(), false).filter(name -> name.startsWith(MapDbStore.COLLECTION_PREFIX))
                .map(name -> name.substring(MapDbStore.COLLECTION_PREFIX.length())).sorted().toList();
    }

    private Optional<BTreeMap<String, byte[]>> collection(String name) {
        String stored = MapDbStore.COLLECTION_PREFIX + name;
        return db.exists(stored) ? Optional.of(db.treeMap(stored, Serializer.STRING, Serializer.BYTE_ARRAY).open()) : Optional.empty();
    }

    @Override
    public Optional<byte[]> get(String collection, String key) {
        return collection(collection).map(map -> map.get(key));
    }

    @Override
    public void scan(String collection, String keyPrefix, long limit, BiConsumer<String, byte[]> consumer) {
        collection(collection).ifPresent(map -> {
            long left = limit;
            for (Map.Entry<String, byte[]> entry : MapDbStore.range(map, keyPrefix).entrySet()) {
                if (left-- <= 0) {
                    return;
                }
                consumer.accept(entry.getKey(), entry.getValue());
            }
        });
    }

    @Override
    public void scanLog(String collection, String log, Consumer<byte[]> consumer) {
        DataSnapshot.Log found = logs.get(collection + "/" + log);
        if (found != null && Files.exists(found.file())) {
            AppendLog.read(found.file(), found.bytes(), consumer);
        }
    }

    @Override
    public long logSize(String collection, String log) {
        DataSnapshot.Log found = logs.get(collection + "/" + log);
        return found == null ? 0 : found.records();
    }

    @Override
    public List<String> logs(String collection) {
        return MapDbStore.logNames(logs.keySet(), collection);
    }

    @Override
    public long count(String collection, String keyPrefix) {
        return collection(collection).map(map -> keyPrefix.isEmpty() ? map.sizeLong() : MapDbStore.range(map, keyPrefix).size()).orElse(0L);
    }

    @Override
    public void close() {
        db.close();
    }
}

package ru.berezhno.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.core.store.StoreException;
import ru.berezhno.core.store.Write;
import ru.berezhno.core.store.WriteConflictException;

class MapDbStoreTest {
    @TempDir
    Path data;

    @Test
    void writtenEntriesAreReadableAndSurviveReopening() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.put("things", "a/1", bytes("one")), Write.put("things", "b/1", bytes("two")))).get();
            store.write(List.of(Write.put("things", "a/2", bytes("three")))).get();
            assertThat(store.get("things", "a/1")).map(MapDbStoreTest::text).contains("one");
            assertThat(store.count("things", "a/")).as("prefix count").isEqualTo(2);
            assertThat(store.count("things", "")).isEqualTo(3);
        }
        try (MapDbStore store = MapDbStore.open(data)) {
            List<String> keys = new ArrayList<>();
            store.scan("things", "a/", (key, value) -> keys.add(key + "=" + text(value)));
            assertThat(keys).containsExactly("a/1=one", "a/2=three");
            assertThat(store.rebuiltOnOpen()).isFalse();
        }
    }

    @Test
    void aRelativeDataFolderTakesAppendedRecordsInNewLogs() throws Exception {
        // A one-name relative folder, as the default "data": it has no parent, and the store once walked
        // up past it when making a new log, failing every first anonymous answer.
        Path relative = Path.of("test-data-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            try (MapDbStore store = MapDbStore.open(relative)) {
                store.write(List.of(Write.append("responses", "survey", bytes("one")))).get();
                assertThat(store.failure()).isEmpty();
            }
            try (MapDbStore store = MapDbStore.open(relative)) {
                List<String> records = new ArrayList<>();
                store.scanLog("responses", "survey", value -> records.add(text(value)));
                assertThat(records).containsExactly("one");
            }
        }
        finally {
            try (Stream<Path> files = Files.walk(relative)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    void aLogThatCannotBeMadeFailsTheWriteWithNothingJournaledAndTheStoreSaysSo() throws Exception {
        Files.createDirectories(data.resolve("logs"));
        Files.writeString(data.resolve("logs/responses"), "a file where the collection's folder goes");
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThatThrownBy(() -> store.write(List.of(Write.append("responses", "survey", bytes("one")), Write.put("things", "a", bytes("x"))))
                    .get()).isInstanceOf(ExecutionException.class);
            assertThat(store.failure()).as("the failure is reported, not silent").isPresent();
            assertThatThrownBy(() -> store.write(List.of(Write.put("things", "b", bytes("y")))).get()).isInstanceOf(ExecutionException.class);
        }
        Files.delete(data.resolve("logs/responses"));
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.get("things", "a")).as("a refused write was never journaled, so no restart brings it back").isEmpty();
            assertThat(store.logSize("responses", "survey")).isZero();
            assertThat(store.failure()).isEmpty();
        }
    }

    @Test
    void countersAddUpAcrossBatchesAndSurviveAFullReplay() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                writes.add(store.write(List.of(Write.add("counts", "a", 1), Write.add("counts", "b", i))));
            }
            for (CompletableFuture<Void> write : writes) {
                write.get();
            }
            assertThat(store.get("counts", "a").map(Write::counter)).contains(100L);
            assertThat(store.get("counts", "b").map(Write::counter)).contains(4950L);
        }
        deleteFolder(data.resolve("mapdb"));
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.get("counts", "a").map(Write::counter)).as("replayed once, not twice").contains(100L);
            assertThat(store.get("counts", "b").map(Write::counter)).contains(4950L);
        }
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.get("counts", "b").map(Write::counter)).as("a clean reopen replays nothing").contains(4950L);
        }
    }

    @Test
    void aBatchWithATakenKeyIsRefusedWhole() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.insert("codes", "x", bytes("1")))).get();
            CompletableFuture<Void> second = store.write(List.of(Write.put("other", "y", bytes("2")), Write.insert("codes", "x", bytes("3"))));
            assertThatThrownBy(second::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WriteConflictException.class);
            assertThat(store.get("other", "y")).as("nothing of a refused batch is written").isEmpty();
            assertThat(store.get("codes", "x")).map(MapDbStoreTest::text).contains("1");
        }
    }

    @Test
    void ofConcurrentInsertsOfOneKeyExactlyOneSucceeds() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(store.write(List.of(Write.insert("codes", "same", bytes("v" + i)))));
            }
            long succeeded = futures.stream().filter(future -> {
                try {
                    future.get();
                    return true;
                }
                catch (Exception e) {
                    return false;
                }
            }).count();
            assertThat(succeeded).isEqualTo(1);
        }
    }

    @Test
    void aSecondOpenerOfTheSameFolderIsRefusedClearly() {
        try (MapDbStore first = MapDbStore.open(data)) {
            assertThatThrownBy(() -> MapDbStore.open(data)).isInstanceOf(StoreException.class).hasMessageContaining("in use by another");
            assertThat(first.dataFolder()).isEqualTo(data);
        }
    }

    @Test
    void aTornRecordAtTheEndOfTheJournalIsCutOffAndTheRestKept() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.put("things", "kept", bytes("yes")))).get();
        }
        Path segment = data.resolve("journal/segment-00000001.log");
        long goodLength = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(goodLength);
            file.write(new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5, 6});
        }
        // Forget MapDB's progress so that the whole journal is read again.
        deleteFolder(data.resolve("mapdb"));
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.get("things", "kept")).map(MapDbStoreTest::text).contains("yes");
            store.write(List.of(Write.put("things", "after", bytes("new")))).get();
        }
        assertThat(Files.size(segment)).isGreaterThan(goodLength);
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.get("things", "after")).map(MapDbStoreTest::text).contains("new");
        }
    }

    @Test
    void aCommitCutShortMakesTheStoreRebuildFromTheJournal() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.put("things", "k", bytes("v")))).get();
        }
        // What a kill during MapDB's commit leaves: the marker, and possibly a half-copied main file.
        Files.writeString(data.resolve("mapdb-commit-in-progress"), "");
        try (RandomAccessFile file = new RandomAccessFile(data.resolve("mapdb/store.db").toFile(), "rw")) {
            file.seek(0);
            file.write(new byte[64]);
        }
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.rebuiltOnOpen()).isTrue();
            assertThat(store.get("things", "k")).map(MapDbStoreTest::text).contains("v");
        }
        assertThat(data.resolve("mapdb-commit-in-progress")).doesNotExist();
    }

    @Test
    void aLeftoverMapDbLogWithoutAMarkerIsDroppedAndTheJournalReplayed() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.put("things", "k", bytes("v")))).get();
        }
        Files.writeString(data.resolve("mapdb/store.db.wal.0"), "uncommitted writes of a killed process");
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.rebuiltOnOpen()).isFalse();
            assertThat(store.get("things", "k")).map(MapDbStoreTest::text).contains("v");
        }
        try (Stream<Path> files = Files.list(data.resolve("mapdb"))) {
            assertThat(files.map(path -> path.getFileName().toString())).as("a clean close leaves only the main file").containsExactly("store.db");
        }
    }

    @Test
    void damageInsideAnOlderSegmentStopsOpening() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.put("things", "k", bytes("v")))).get();
        }
        Path first = data.resolve("journal/segment-00000001.log");
        byte[] content = Files.readAllBytes(first);
        content[content.length - 1] ^= 0x55;
        Files.write(first, content);
        Files.write(data.resolve("journal/segment-00000002.log"), new byte[0]);
        deleteFolder(data.resolve("mapdb"));
        assertThatThrownBy(() -> MapDbStore.open(data)).isInstanceOf(StoreException.class).hasMessageContaining("damaged");
    }

    @Test
    void appendedRecordsAreScannedOnceEachInOrderAcrossReopenAndAFullReplay() throws Exception {
        List<String> expected = new ArrayList<>();
        try (MapDbStore store = MapDbStore.open(data)) {
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                writes.add(store.write(List.of(Write.append("answers", "survey-a", bytes("r" + i)), Write.put("things", "k" + i, bytes("v")))));
                expected.add("r" + i);
            }
            for (CompletableFuture<Void> write : writes) {
                write.get();
            }
            assertThat(scanLog(store, "survey-a")).as("visible as soon as acknowledged").containsExactlyElementsOf(expected);
            assertThat(store.logSize("answers", "survey-a")).isEqualTo(500);
            assertThat(scanLog(store, "survey-b")).as("another log").isEmpty();
        }
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(scanLog(store, "survey-a")).containsExactlyElementsOf(expected);
            assertThat(store.logSize("answers", "survey-a")).isEqualTo(500);
        }
        deleteFolder(data.resolve("mapdb"));
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(scanLog(store, "survey-a")).as("rebuilt from the journal, each record once").containsExactlyElementsOf(expected);
            assertThat(store.logSize("answers", "survey-a")).isEqualTo(500);
        }
    }

    @Test
    void whatALogGotAfterTheLastCommitIsCutOffAndReplayedOnce() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.append("answers", "survey-a", bytes("first")))).get();
        }
        // MapDB as of that commit; then more records, which reach the log and the journal.
        Path saved = Files.createTempDirectory("mapdb-at-commit");
        Files.copy(data.resolve("mapdb/store.db"), saved.resolve("store.db"));
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.append("answers", "survey-a", bytes("second")))).get();
            store.write(List.of(Write.append("answers", "survey-a", bytes("third")))).get();
        }
        // A crash after the log was written and before MapDB committed leaves MapDB at the earlier commit.
        Files.copy(saved.resolve("store.db"), data.resolve("mapdb/store.db"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(data.resolve("logs/answers/survey-a.log"))).as("the log holds all three").isGreaterThan(30);
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(scanLog(store, "survey-a")).containsExactly("first", "second", "third");
            assertThat(store.logSize("answers", "survey-a")).isEqualTo(3);
        }
    }

    @Test
    void aScanDuringWritesSeesEveryEarlierRecordOnce() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            java.util.concurrent.atomic.AtomicInteger acknowledged = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        store.write(List.of(Write.append("answers", "survey-a", bytes(thread + "-" + i)))).join();
                        acknowledged.incrementAndGet();
                    }
                }));
            }
            while (acknowledged.get() < 8000) {
                int before = acknowledged.get();
                List<String> seen = scanLog(store, "survey-a");
                assertThat(seen).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(before);
            }
            for (java.util.concurrent.Future<?> writer : done) {
                writer.get();
            }
            writers.shutdown();
            assertThat(scanLog(store, "survey-a")).hasSize(8000).doesNotHaveDuplicates();
        }
    }

    @Test
    void aLogShorterThanItsCommitStopsOpening() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.append("answers", "survey-a", bytes("first")))).get();
        }
        try (RandomAccessFile file = new RandomAccessFile(data.resolve("logs/answers/survey-a.log").toFile(), "rw")) {
            file.setLength(3);
        }
        assertThatThrownBy(() -> MapDbStore.open(data)).isInstanceOf(StoreException.class).hasMessageContaining("survey-a.log");
    }

    private static List<String> scanLog(MapDbStore store, String log) {
        List<String> records = new ArrayList<>();
        store.scanLog("answers", log, value -> records.add(text(value)));
        return records;
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}

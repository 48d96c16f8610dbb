package ru.berezhno.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.common.io.ByteStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.core.store.StoreException;
import ru.berezhno.core.store.Write;

/**
 * A snapshot of an open store holds every write acknowledged before it was asked for, though
 * writes go on while it is taken and copied; its files, copied into an empty folder, open as a
 * store with exactly those writes, each once.
 */
class DataSnapshotTest {
    @TempDir
    Path work;

    @Test
    void aSnapshotTakenWhileWritesGoOnHoldsEveryWriteAcknowledgedBeforeItAndOpensAsAStore() throws Exception {
        Path data = work.resolve("data");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> beforeSnapshot;
        Path copy = work.resolve("copy");
        try (MapDbStore store = MapDbStore.open(data)) {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(writers.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        String id = thread + "-" + i;
                        store.write(List.of(Write.append("answers", "survey", bytes(id)), Write.put("things", id, bytes(id)),
                                Write.add("counts", "all", 1))).join();
                        acknowledged.add(id);
                    }
                }));
            }
            while (acknowledged.size() < 2000) {
                Thread.sleep(10);
            }
            beforeSnapshot = Set.copyOf(acknowledged);
            try (DataSnapshot snapshot = store.snapshot(Duration.ofSeconds(30))) {
                while (acknowledged.size() < beforeSnapshot.size() + 2000) {
                    Thread.sleep(10);
                }
                running.set(false);
                for (Future<?> writer : done) {
                    writer.get();
                }
                writers.shutdown();
                copyInto(snapshot, copy);
                try (SnapshotStore view = snapshot.openStore()) {
                    assertThat(view.logSize("answers", "survey")).as("the view's count is the copy's").isEqualTo(view.count("things", ""));
                }
                assertThat(snapshot.check().damaged()).isFalse();
            }
            assertThat(data.resolve(DataSnapshot.TEMPORARY)).as("closing a snapshot removes its copy of MapDB").isEmptyDirectory();
        }
        try (MapDbStore restored = MapDbStore.open(copy)) {
            List<String> records = new ArrayList<>();
            restored.scanLog("answers", "survey", value -> records.add(new String(value, UTF_8)));
            assertThat(records).as("each record once").doesNotHaveDuplicates().containsAll(beforeSnapshot);
            assertThat(acknowledged).containsAll(records);
            assertThat(restored.count("things", "")).isEqualTo(records.size());
            assertThat(restored.get("counts", "all").map(Write::counter)).as("counters at the same point as the rest").contains((long) records.size());
            assertThat(restored.rebuiltOnOpen()).isFalse();
        }
    }

    @Test
    void aStoppedFolderIsCheckedWholeAndAFolderInUseIsRefused() throws Exception {
        Path data = work.resolve("data");
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.append("answers", "survey", bytes("one")), Write.put("things", "a", bytes("x")))).get();
            assertThatThrownBy(() -> DataSnapshot.ofStoppedFolder(data)).isInstanceOf(StoreException.class).hasMessageContaining("in use");
        }
        try (DataSnapshot snapshot = DataSnapshot.ofStoppedFolder(data)) {
            DataCheck check = snapshot.check();
            assertThat(check.damaged()).isFalse();
            assertThat(check.summary()).anySatisfy(line -> assertThat(line).contains("1 records"));
        }
        Path log = data.resolve("logs/answers/survey.log");
        byte[] content = Files.readAllBytes(log);
        content[content.length - 1] ^= 1;
        Files.write(log, content);
        try (DataSnapshot snapshot = DataSnapshot.ofStoppedFolder(data)) {
            DataCheck check = snapshot.check();
            assertThat(check.damaged()).isTrue();
            assertThat(check.findings()).anySatisfy(finding -> assertThat(finding).contains("survey.log").contains("checksum"));
        }
    }

    /** What a restore does with the bytes, without an archive: each entry's bytes under its name. */
    static void copyInto(DataSnapshot snapshot, Path folder) throws IOException {
        for (DataSnapshot.Entry entry : snapshot.entries()) {
            Path target = folder.resolve(entry.name());
            Files.createDirectories(target.getParent());
            try (InputStream in = ByteStreams.limit(Files.newInputStream(entry.source()), entry.bytes());
                    OutputStream out = Files.newOutputStream(target)) {
                assertThat(in.transferTo(out)).isEqualTo(entry.bytes());
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}

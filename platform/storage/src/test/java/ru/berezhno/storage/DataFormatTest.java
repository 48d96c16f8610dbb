package ru.berezhno.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.core.store.StoreException;
import ru.berezhno.core.store.Write;

/** The data folder records its format; entries kept apart from the journal outlive MapDB. */
class DataFormatTest {
    @TempDir
    Path data;

    @Test
    void aNewFolderIsMadeInTheCurrentFormat() {
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.formatOnOpen()).isEqualTo(DataFormat.NEW);
        }
        assertThat(DataFormat.of(data)).isEqualTo(DataFormat.CURRENT);
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.formatOnOpen()).isEqualTo(DataFormat.CURRENT);
        }
    }

    @Test
    void aFolderOfANewerFormatIsRefusedAndLeftAsItIs() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.put("things", "a", bytes("x")))).get();
        }
        Files.writeString(data.resolve(DataFormat.FILE), "{\"format\": " + (DataFormat.CURRENT + 1) + "}\n");
        long journal = Files.size(data.resolve("journal/segment-00000001.log"));

        assertThatThrownBy(() -> MapDbStore.open(data)).isInstanceOf(StoreException.class)
                .hasMessageContaining("format " + (DataFormat.CURRENT + 1)).hasMessageContaining("newer Berezhno")
                .hasMessageContaining("reads formats up to " + DataFormat.CURRENT);
        assertThat(Files.size(data.resolve("journal/segment-00000001.log"))).isEqualTo(journal);
        assertThat(DataFormat.of(data)).isEqualTo(DataFormat.CURRENT + 1);
    }

    @Test
    void aFolderARestoreDidNotFinishIsRefused() throws Exception {
        Files.writeString(data.resolve(DataFormat.RESTORE_MARKER), "restoring");
        assertThatThrownBy(() -> MapDbStore.open(data)).isInstanceOf(StoreException.class).hasMessageContaining("did not finish");
    }

    @Test
    void entriesKeptApartAreNotInTheJournalAndSurviveARebuildFromIt() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.append("answers", "survey", bytes("an answer")),
                    Write.insert("used", "hash-of-a-code", bytes("1")).asKeptApart())).get();
        }
        assertThat(new String(Files.readAllBytes(data.resolve("journal/segment-00000001.log")), UTF_8))
                .contains("an answer").doesNotContain("hash-of-a-code");
        deleteFolder(data.resolve("mapdb"));
        deleteFolder(data.resolve("logs"));
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.get("used", "hash-of-a-code")).as("the mark, kept apart, is back after the rebuild").isPresent();
            assertThat(store.logSize("answers", "survey")).isEqualTo(1);
            assertThat(store.write(List.of(Write.insert("used", "hash-of-a-code", bytes("1")).asKeptApart())))
                    .as("and it still refuses the code a second time").failsWithin(java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void aFolderOfFormatOneOpensAndIsUpgradedWithItsCollectionsWrittenApart() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            store.write(List.of(Write.insert("used", "code", bytes("1")).asDerived())).get();
        }
        // What format 1 was: no format file, no collections apart.
        Files.delete(data.resolve(DataFormat.FILE));
        deleteFolder(data.resolve(ApartFile.FOLDER));
        assertThat(DataFormat.of(data)).isEqualTo(1);
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.formatOnOpen()).isEqualTo(1);
            store.upgrade(Set.of("used"));
        }
        assertThat(DataFormat.of(data)).isEqualTo(DataFormat.CURRENT);
        deleteFolder(data.resolve("mapdb"));
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.get("used", "code")).as("format 1's marks, kept apart by the upgrade, outlive MapDB").isPresent();
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}

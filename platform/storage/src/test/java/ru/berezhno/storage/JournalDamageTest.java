package ru.berezhno.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.core.store.Derivation;
import ru.berezhno.core.store.StoreException;
import ru.berezhno.core.store.Write;

/**
 * Bytes lost in the middle of the journal are not an unfinished write: opening refuses, naming the
 * file and the offset, and changes nothing; salvaging keeps every whole record and says what was
 * lost. The case measured before: 200 answers, one byte flipped halfway through the segment,
 * {@code mapdb/} and {@code logs/} removed to force a rebuild, and start-up kept 99 of them.
 */
class JournalDamageTest {
    private static final int RECORDS = 200;

    @TempDir
    Path data;

    @Test
    void aFlippedByteInTheMiddleOfTheLastSegmentStopsOpeningNamingTheFileAndTheOffset() throws Exception {
        Path segment = writeRecordsFlipAByteAndForceARebuild();
        byte[] damaged = Files.readAllBytes(segment);

        assertThatThrownBy(() -> MapDbStore.open(data)).isInstanceOf(StoreException.class)
                .hasMessageContaining(segment.toString()).hasMessageContaining("is damaged at byte")
                .hasMessageContaining("whole records follow").hasMessageContaining("--salvage").hasMessageContaining("restore");
        assertThat(Files.readAllBytes(segment)).as("refusing changes nothing").isEqualTo(damaged);
        assertThat(data.resolve("journal").resolve(Journal.DAMAGED)).doesNotExist();
    }

    @Test
    void salvagingKeepsEveryWholeRecordSetsTheSegmentAsideAndReportsWhatWasLost() throws Exception {
        Path segment = writeRecordsFlipAByteAndForceARebuild();
        byte[] damaged = Files.readAllBytes(segment);

        try (MapDbStore store = MapDbStore.open(data, Derivation.NONE, DamagePolicy.SALVAGE)) {
            assertThat(records(store)).as("every record but the damaged one").hasSize(RECORDS - 1);
            assertThat(store.salvaged()).anySatisfy(finding -> assertThat(finding).contains("is damaged at byte"))
                    .anySatisfy(finding -> assertThat(finding).contains("1 journal record(s)"));
            store.write(List.of(Write.append("answers", "survey", "after".getBytes(UTF_8)))).get();
        }
        assertThat(Files.readAllBytes(data.resolve("journal").resolve(Journal.DAMAGED).resolve(segment.getFileName())))
                .as("the segment as it was is kept").isEqualTo(damaged);
        assertThat(Files.size(segment)).as("offsets after the damage stay where they were").isGreaterThan(damaged.length);

        deleteFolder(data.resolve("mapdb"));
        deleteFolder(data.resolve("logs"));
        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(records(store)).as("a salvaged journal opens without --salvage, gap and all").hasSize(RECORDS).contains("after");
            assertThat(store.salvaged()).isEmpty();
        }
        Journal.JournalCheck check = Journal.check(data.resolve("journal"), null);
        assertThat(check.damaged()).isFalse();
        assertThat(check.findings()).anySatisfy(finding -> assertThat(finding).contains("gap"));
    }

    @Test
    void aCheckReportsDamageAndATornTailApartWithoutChangingAnything() throws Exception {
        Path segment = writeRecordsFlipAByteAndForceARebuild();
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(segment);

        Journal.JournalCheck check = Journal.check(data.resolve("journal"), null);

        assertThat(check.damaged()).isTrue();
        assertThat(check.records()).isEqualTo(RECORDS - 1);
        assertThat(check.findings()).anySatisfy(finding -> assertThat(finding).contains("is damaged at byte"))
                .anySatisfy(finding -> assertThat(finding).contains("7 bytes of an unfinished write"));
        assertThat(Files.readAllBytes(segment)).isEqualTo(before);
    }

    /** Writes the records one batch each, flips a byte halfway through the segment, and removes what is derived from the journal. */
    private Path writeRecordsFlipAByteAndForceARebuild() throws Exception {
        try (MapDbStore store = MapDbStore.open(data)) {
            for (int i = 0; i < RECORDS; i++) {
                store.write(List.of(Write.append("answers", "survey", ("{\"answer\": " + i + ", \"text\": \"some words of a comment\"}")
                        .getBytes(UTF_8)))).get();
            }
        }
        Path segment = data.resolve("journal/segment-00000001.log");
        byte[] content = Files.readAllBytes(segment);
        content[content.length / 2] ^= 0x20;
        Files.write(segment, content);
        deleteFolder(data.resolve("mapdb"));
        deleteFolder(data.resolve("logs"));
        return segment;
    }

    private static List<String> records(MapDbStore store) {
        List<String> records = new ArrayList<>();
        store.scanLog("answers", "survey", value -> records.add(new String(value, UTF_8)));
        return records;
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}

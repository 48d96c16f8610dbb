package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.server.backup.BackupArchive;
import ru.berezhno.server.backup.Backups;

/** The daily backup is made at its time of day, in the platform's zone, into the backup folder, whole. */
class ScheduledBackupIT {
    @TempDir
    Path work;

    @Test
    void theDailyBackupIsMadeAtItsTimeIntoTheBackupFolder() throws Exception {
        Path backups = work.resolve("backups");
        LocalTime soon = LocalTime.now(ServerSettings.DEFAULT_ZONE).plusSeconds(20).withNano(0);
        try (TestServer server = TestServer.start(work.resolve("data"), Clock.systemUTC(), TestServer.DEFINITIONS,
                settings -> settings.toBuilder().backupFolder(backups).backupTime(soon).build())) {
            assertThat(server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", ApiIT.citizen("uer", 4, 9), null)
                    .status()).isEqualTo(201);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            List<Path> made = List.of();
            while (made.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                try (Stream<Path> files = Files.list(backups)) {
                    made = files.filter(file -> Backups.NAME.matcher(file.getFileName().toString()).matches()).toList();
                }
                catch (java.nio.file.NoSuchFileException e) {
                    // not made yet
                }
            }
            assertThat(made).as("a backup at " + soon).hasSize(1);
            assertThat(BackupArchive.verify(made.get(0)).surveys()).containsEntry("citizen-satisfaction", 1L);
            assertThat(server.get("/metrics", null).body()).doesNotContain("berezhno_backup_last_made_timestamp_seconds 0.0");
        }
    }
}

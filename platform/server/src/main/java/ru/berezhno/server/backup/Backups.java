package ru.berezhno.server.backup;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.server.ServerSettings;
import ru.berezhno.storage.DataCheck;
import ru.berezhno.storage.DataFormat;
import ru.berezhno.storage.DataSnapshot;
import ru.berezhno.storage.MapDbStore;
import ru.berezhno.storage.SnapshotStore;

/**
 * Backups of a running store, one at a time: to a stream (the {@code backup} command through the
 * control socket), or to a file in the backup folder (the admin API, the daily schedule), written
 * as {@code .partial}, read back whole, then renamed, after which only the newest
 * {@code --backup-keep} are kept. Submissions go on meanwhile: the store's applier holds off its
 * commits only while it copies MapDB's file.
 */
public final class Backups implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofMinutes(2);
    static final String PREFIX = "berezhno-";
    static final String SUFFIX = ".zip";
    private static final String PARTIAL = ".partial";
    /** The names of backup files this server made, and only those: retention never touches anything else. */
    public static final Pattern NAME = Pattern.compile("berezhno-\\d{8}T\\d{6}Z(-\\d+)?\\.zip");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A backup file in the backup folder. */
    public record BackupFile(String name, long bytes, Instant modified) {
    }

    /** A backup just made: its file and its manifest. */
    public record Made(Path file, BackupManifest manifest) {
    }

    private final MapDbStore store;
    private final ServerSettings settings;
    private final Clock clock;
    private final ReentrantLock oneAtATime = new ReentrantLock();
    private ScheduledExecutorService schedule;
    /** When the last backup file was made (seconds since the epoch), 0 for none since start: for an alert on old backups. */
    private volatile long lastMade;

    public Backups(MapDbStore store, ServerSettings settings, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The version of this server, as its jar's manifest names it. */
    public static String serverVersion() {
        String version = Backups.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Writes a backup of the store as it is now to {@code out}; every answer acknowledged before the call is in it. */
    public BackupManifest write(OutputStream out) throws IOException {
        oneAtATime.lock();
        try (DataSnapshot snapshot = store.snapshot(SNAPSHOT_TIMEOUT)) {
            return BackupArchive.write(snapshot, Map.of("admin-token", settings.dataFolder().resolve("admin-token")), DataFormat.CURRENT,
                    serverVersion(), out);
        }
        finally {
            oneAtATime.unlock();
        }
    }

    /** When the last backup file was made since start, in seconds since the epoch; 0 for none. */
    public long lastMade() {
        return lastMade;
    }

    /** Whether a backup folder is set, without which there are no backup files and no schedule. */
    public boolean hasFolder() {
        return settings.backupFolder() != null;
    }

    /**
     * Makes a backup file in the backup folder, then keeps only the newest ones.
     *
     * @throws BackupException when no backup folder is set
     */
    public Made create() throws IOException {
        Path folder = folder();
        Made made = writeFile(folder, PREFIX + STAMP.format(clock.instant()), SUFFIX);
        prune();
        lastMade = clock.instant().getEpochSecond();
        LOG.info("Backup {} made ({} bytes, {} responses)", made.file(), Files.size(made.file()), made.manifest().responses());
        return made;
    }

    /**
     * The backup an upgrade of the data folder takes first: into the backup folder if one is set,
     * else into {@code backups/} of the data folder, under a name that retention leaves alone.
     */
    public Path beforeUpgrade(int fromFormat) throws IOException {
        Path folder = hasFolder() ? folder() : settings.dataFolder().resolve("backups");
        return writeFile(folder, "before-format-" + DataFormat.CURRENT + "-from-" + fromFormat + "-" + STAMP.format(clock.instant()), SUFFIX)
                .file();
    }

    /**
     * Writes a backup as {@code <name><suffix>.partial} in {@code folder}, fsyncs it, reads it back
     * whole, and renames it to the first free one of {@code <name><suffix>}, {@code <name>-2<suffix>}, …
     */
    private Made writeFile(Path folder, String name, String suffix) throws IOException {
        Files.createDirectories(folder);
        Path partial = folder.resolve(name + suffix + PARTIAL);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 16)) {
                write(out);
            }
            BackupArchive.sync(partial);
            BackupManifest manifest = BackupArchive.verify(partial);
            // A rename replaces what is there: the first free name is found under a lock.
            synchronized (this) {
                Path target = folder.resolve(name + suffix);
                for (int attempt = 2; Files.exists(target); attempt++) {
                    target = folder.resolve(name + "-" + attempt + suffix);
                }
                Path done = Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                BackupArchive.syncFolder(folder);
                return new Made(done, manifest);
            }
        }
        finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The backup files in the folder, newest first. */
    public List<BackupFile> list() throws IOException {
        Path folder = folder();
        List<BackupFile> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (NAME.matcher(name).matches()) {
                    files.add(new BackupFile(name, Files.size(entry), Files.getLastModifiedTime(entry).toInstant()));
                }
            }
        }
        files.sort(Comparator.comparing(BackupFile::name, Comparator.reverseOrder()));
        return files;
    }

    /** The file of a backup by name, if it is one in the folder. */
    public Optional<Path> file(String name) {
        if (!hasFolder() || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = folder().resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private void prune() throws IOException {
        List<BackupFile> files = list();
        for (BackupFile old : files.subList(Math.min(settings.backupKeep(), files.size()), files.size())) {
            Files.deleteIfExists(folder().resolve(old.name()));
            LOG.info("Removed the old backup {} (keeping the newest {})", old.name(), settings.backupKeep());
        }
    }

    private Path folder() {
        if (settings.backupFolder() == null) {
            throw new BackupException("no backup folder is set: start the server with --backup-dir DIR");
        }
        return settings.backupFolder();
    }

    /** Checks every checksum of a snapshot of the running store, as {@code verify} does. */
    public VerifyReport verify() {
        try (DataSnapshot snapshot = store.snapshot(SNAPSHOT_TIMEOUT)) {
            return VerifyReport.of(snapshot, "the running server's data, as of journal point " + snapshot.journalPoint());
        }
    }

    /**
     * Starts the daily backup at the set time of the platform's zone, after removing what a
     * backup cut short left; does nothing without a backup folder.
     */
    public void startSchedule() {
        if (!hasFolder()) {
            return;
        }
        try {
            Files.createDirectories(folder());
            try (DirectoryStream<Path> partials = Files.newDirectoryStream(folder(), PREFIX + "*" + PARTIAL)) {
                for (Path partial : partials) {
                    LOG.info("Removing {}, left by a backup that was cut short", partial);
                    Files.delete(partial);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("the backup folder " + settings.backupFolder() + " cannot be used: " + e.getMessage(), e);
        }
        schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "backups");
            thread.setDaemon(true);
            return thread;
        });
        scheduleNext();
        LOG.info("Daily backups at {} ({}) into {}, keeping the newest {}", settings.backupTime(), settings.zone(), settings.backupFolder(),
                settings.backupKeep());
    }

    private void scheduleNext() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(settings.zone()));
        ZonedDateTime next = now.with(settings.backupTime());
        if (!next.isAfter(now)) {
            next = next.plusDays(1);
        }
        schedule.schedule(() -> {
            try {
                create();
            }
            catch (IOException | RuntimeException e) {
                LOG.error("The daily backup into {} failed", settings.backupFolder(), e);
            }
            finally {
                scheduleNext();
            }
        }, Duration.between(now, next).toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }

    /** What {@code verify} prints: what was read, the responses per survey, what was found, and a verdict. */
    public record VerifyReport(boolean damaged, List<String> lines) {
        public static VerifyReport of(DataSnapshot snapshot, String what) {
            List<String> lines = new ArrayList<>();
            lines.add("Checking " + what + " in " + snapshot.dataFolder());
            DataCheck check = snapshot.check();
            lines.addAll(check.summary());
            if (!check.damaged()) {
                try (SnapshotStore view = snapshot.openStore()) {
                    SortedMap<String, Long> surveys = ResponseRepository.countsPerSurvey(view);
                    lines.add("responses per survey" + (surveys.isEmpty() ? ": none" : ":"));
                    surveys.forEach((survey, count) -> lines.add("  " + survey + ": " + count));
                }
            }
            check.findings().forEach(finding -> lines.add("found: " + finding));
            lines.add(check.damaged() ? "DAMAGED: restore the data folder from a backup (berezhno.jar restore), or see the findings above"
                    : "OK: every checksum matches");
            return new VerifyReport(check.damaged(), lines);
        }
    }
}

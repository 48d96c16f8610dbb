package ru.berezhno.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

import ru.berezhno.core.store.StoreException;

/**
 * A data folder as of one point of its journal, to back up or to check: which bytes of which
 * files make it up. MapDB's file is a copy taken right after a commit (in a temporary folder of
 * the data folder, removed by {@link #close}); the response logs are read up to the lengths that
 * commit recorded and the journal up to the point, both append-only, so the live files serve
 * while the store goes on writing after them.
 *
 * <p>Made by {@link MapDbStore#snapshot} of an open store, where the point is the commit (every
 * write acknowledged before the call is in it), or by {@link #ofStoppedFolder} of a folder no
 * process uses, where the journal is taken whole: what it holds after MapDB's last commit is
 * replayed when the folder is next opened.
 */
public final class DataSnapshot implements AutoCloseable {
    static final String TEMPORARY = "tmp";

    /** One file: its name inside the data folder ({@code /} between folders), where its bytes are read, and how many. */
    public record Entry(String name, Path source, long bytes) {
    }

    /** A log as MapDB's commit recorded it. */
    record Log(String key, Path file, long bytes, long records) {
    }

    private final Path dataFolder;
    private final Path temporary;
    private final Path storeCopy;
    private final Journal.Position committed;
    private final Journal.Position journalEnd;
    private final long sequence;
    private final List<Log> logs;
    private final List<Entry> entries;
    private final FileChannel lockChannel;

    private DataSnapshot(Path dataFolder, Path temporary, Path storeCopy, Journal.Position committed, Journal.Position journalEnd, long sequence,
            List<Log> logs, List<Entry> others, FileChannel lockChannel) throws IOException {
        this.dataFolder = dataFolder;
        this.temporary = temporary;
        this.storeCopy = storeCopy;
        this.committed = committed;
        this.journalEnd = journalEnd;
        this.sequence = sequence;
        this.logs = List.copyOf(logs);
        this.lockChannel = lockChannel;
        List<Entry> all = new ArrayList<>(others);
        all.add(new Entry("mapdb/" + MapDbStore.MAIN_FILE, storeCopy, Files.size(storeCopy)));
        for (Log log : logs) {
            all.add(new Entry(dataFolder.relativize(log.file()).toString().replace('\\', '/'), log.file(), log.bytes()));
        }
        Path journal = dataFolder.resolve(MapDbStore.JOURNAL);
        if (Files.isDirectory(journal)) {
            for (long number : Journal.segments(journal)) {
                if (journalEnd != null && number > journalEnd.segment()) {
                    break;
                }
                Path file = journal.resolve(Journal.name(number));
                long bytes = journalEnd != null && number == journalEnd.segment() ? journalEnd.offset() : Files.size(file);
                all.add(new Entry(MapDbStore.JOURNAL + "/" + Journal.name(number), file, bytes));
            }
        }
        this.entries = List.copyOf(all);
    }

    /** Takes a snapshot of an open store's files; called on its applier thread right after a commit. */
    static DataSnapshot ofCommit(Path dataFolder, Path storeFile, Map<String, Long> meta, Journal.Position position, long sequence)
            throws IOException {
        Path temporary = temporaryFolder(dataFolder);
        try {
            Path copy = temporary.resolve(MapDbStore.MAIN_FILE);
            Files.copy(storeFile, copy);
            // The small files that commits replace whole are copied too, before the next commit can.
            List<Entry> others = new ArrayList<>();
            for (Entry entry : smallFiles(dataFolder)) {
                Path copied = Files.createDirectories(temporary.resolve("files").resolve(entry.name()).getParent())
                        .resolve(entry.source().getFileName());
                Files.copy(entry.source(), copied);
                others.add(new Entry(entry.name(), copied, Files.size(copied)));
            }
            return new DataSnapshot(dataFolder, temporary, copy, position, position, sequence, logs(dataFolder, meta), others, null);
        }
        catch (IOException | RuntimeException e) {
            deleteTree(temporary);
            throw e;
        }
    }

    /**
     * A snapshot of a folder no process uses, held locked until {@link #close}: MapDB's file as it
     * is, every log up to its last committed length, the journal whole.
     *
     * @throws StoreException when a process uses the folder
     */
    public static DataSnapshot ofStoppedFolder(Path folder) {
        Path dataFolder = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dataFolder)) {
            throw new StoreException("there is no data folder " + dataFolder);
        }
        FileChannel lockChannel = null;
        Path temporary = null;
        try {
            lockChannel = FileChannel.open(dataFolder.resolve(MapDbStore.LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (MapDbStore.tryLock(lockChannel) == null) {
                throw new StoreException("the data folder " + dataFolder + " is in use by a running Berezhno process");
            }
            temporary = temporaryFolder(dataFolder);
            Path copy = temporary.resolve(MapDbStore.MAIN_FILE);
            Path storeFile = dataFolder.resolve(MapDbStore.MAPDB).resolve(MapDbStore.MAIN_FILE);
            if (Files.isRegularFile(storeFile)) {
                Files.copy(storeFile, copy);
            }
            else {
                DBMaker.fileDB(copy.toFile()).make().close();
            }
            Map<String, Long> meta = readMeta(copy);
            Journal.Position committed = new Journal.Position(meta.getOrDefault("segment", 1L), meta.getOrDefault("offset", 0L));
            return new DataSnapshot(dataFolder, temporary, copy, committed, null, meta.getOrDefault("sequence", 0L), logs(dataFolder, meta),
                    smallFiles(dataFolder), lockChannel);
        }
        catch (IOException e) {
            close(lockChannel);
            deleteTree(temporary);
            throw new StoreException("the data folder " + dataFolder + " cannot be read: " + e.getMessage(), e);
        }
        catch (RuntimeException e) {
            close(lockChannel);
            deleteTree(temporary);
            throw e;
        }
    }

    /** Where MapDB's copy stands in the journal: for an open store's snapshot, the point itself. */
    Journal.Position committed() {
        return committed;
    }

    /** The format file and the collections kept apart, as they are in the folder. */
    private static List<Entry> smallFiles(Path dataFolder) throws IOException {
        List<Entry> files = new ArrayList<>();
        Path format = dataFolder.resolve(DataFormat.FILE);
        if (Files.isRegularFile(format)) {
            files.add(new Entry(DataFormat.FILE, format, Files.size(format)));
        }
        Path apart = dataFolder.resolve(ApartFile.FOLDER);
        if (Files.isDirectory(apart)) {
            try (Stream<Path> list = Files.list(apart)) {
                for (Path file : list.filter(path -> !path.getFileName().toString().endsWith(".new")).sorted().toList()) {
                    files.add(new Entry(ApartFile.FOLDER + "/" + file.getFileName(), file, Files.size(file)));
                }
            }
        }
        return files;
    }

    /** The collections kept apart in the snapshot, by their file's entry. */
    List<Entry> apartFiles() {
        return entries.stream().filter(entry -> entry.name().startsWith(ApartFile.FOLDER + "/")).toList();
    }

    private static Path temporaryFolder(Path dataFolder) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(dataFolder.resolve(TEMPORARY)), "snapshot-");
    }

    private static Map<String, Long> readMeta(Path storeFile) {
        try (DB db = DBMaker.fileDB(storeFile.toFile()).readOnly().fileChannelEnable().make()) {
            if (!db.exists(MapDbStore.META)) {
                return Map.of();
            }
            return new TreeMap<>(db.treeMap(MapDbStore.META, Serializer.STRING, Serializer.LONG).open());
        }
    }

    private static List<Log> logs(Path dataFolder, Map<String, Long> meta) {
        List<Log> logs = new ArrayList<>();
        meta.forEach((key, value) -> {
            if (key.startsWith(MapDbStore.LOG_LENGTH)) {
                String log = key.substring(MapDbStore.LOG_LENGTH.length());
                logs.add(new Log(log, MapDbStore.logFile(dataFolder, log), value, meta.getOrDefault(MapDbStore.LOG_RECORDS + log, 0L)));
            }
        });
        return logs;
    }

    /** The files, in the order to copy them: others, MapDB's copy, the logs, the journal. */
    public List<Entry> entries() {
        return entries;
    }

    /** The last journal record in the snapshot: for a stopped folder, the last one MapDB's commit applied. */
    public long sequence() {
        return sequence;
    }

    /** The point in the journal, as {@code segment:offset}; {@code whole} for a stopped folder's. */
    public String journalPoint() {
        return journalEnd == null ? "whole" : journalEnd.segment() + ":" + journalEnd.offset();
    }

    public Path dataFolder() {
        return dataFolder;
    }

    Journal.Position journalEnd() {
        return journalEnd;
    }

    List<Log> logs() {
        return logs;
    }

    Path storeCopy() {
        return storeCopy;
    }

    /** The store as of the snapshot, to read from; close it before the snapshot. */
    public SnapshotStore openStore() {
        return new SnapshotStore(storeCopy, logs);
    }

    /** Reads every byte of the snapshot, checking every checksum: journal, logs and MapDB. */
    public DataCheck check() {
        return DataCheck.of(this);
    }

    @Override
    public void close() {
        deleteTree(temporary);
        close(lockChannel);
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            }
            catch (IOException e) {
                // Closing releases the lock; nothing else to do.
            }
        }
    }

    static void deleteTree(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("the temporary folder " + folder + " cannot be removed", e);
        }
    }
}

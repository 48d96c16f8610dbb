package ru.berezhno.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.berezhno.core.store.Derivation;
import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoreException;
import ru.berezhno.core.store.StoreFullException;
import ru.berezhno.core.store.Write;
import ru.berezhno.core.store.WriteConflictException;

/**
 * The embedded store: an fsynced, checksummed {@link Journal} for durability and MapDB for
 * indexed reads.
 *
 * <p>Two threads. The <em>writer</em> takes every pending write batch off a queue at once (group
 * commit): it checks preconditions, appends the batches to the journal, fsyncs once, makes them
 * visible in an in-memory overlay of not-yet-applied writes, and completes their futures. The
 * <em>applier</em> then applies them to MapDB, off the acknowledgement path, and commits MapDB
 * every second or so, recording how far into the journal it got; on open, the journal's tail after
 * that point is replayed. Reads see the overlay first, so an acknowledged write is visible at once.
 *
 * <p>MapDB 3.1 does not replay its own write-ahead log on reopen, so a crash during a MapDB commit
 * (while it copies its log into the main file) can leave that file half-updated. A marker file is
 * fsynced before each commit and removed after it: found on open, it means a commit was cut short,
 * and the MapDB file is rebuilt from the whole journal. Without it, the main file holds the last
 * completed commit, and any log MapDB left holds only writes that were never committed, which the
 * journal replays; that log is removed before MapDB opens.
 *
 * <p>Counters ({@link Write.Kind#ADD}) are kept in memory by the applier and reach MapDB at each
 * commit. Appended records ({@link Write.Kind#APPEND}) go to {@link AppendLog} files beside MapDB,
 * whose lengths each MapDB commit records. A lock file keeps a second process from opening the
 * same data folder.
 */
public final class MapDbStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(MapDbStore.class);
    static final String MAIN_FILE = "store.db";
    static final String MAPDB = "mapdb";
    static final String JOURNAL = "journal";
    static final String LOCK_FILE = "berezhno.lock";
    static final String COMMIT_MARKER = "mapdb-commit-in-progress";
    static final String META = "meta";
    static final String COLLECTION_PREFIX = "c:";
    private static final String LOGS = "logs";
    private static final String LOG_SUFFIX = ".log";
    static final String LOG_LENGTH = "log-length:";
    static final String LOG_RECORDS = "log-records:";
    private static final long COMMIT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int COMMIT_AFTER_WRITES = 50_000;
    private static final int MAX_BATCH = 4096;
    /**
     * How long the writer waits for more submissions to join a batch when the one before held
     * several: each fsync costs tens of microseconds of CPU on a virtual disk, so under load fewer,
     * larger batches leave more of the machine to requests (see docs/performance.md).
     */
    private static final long GROUP_COMMIT_DELAY_NANOS = TimeUnit.MICROSECONDS.toNanos(150);
    /**
     * How many journaled writes may wait for the applier before the writer waits for it: the
     * unapplied overlay lives in memory, so it must be bounded by size, not by batches.
     */
    private static final int MAX_UNAPPLIED_WRITES = 100_000;
    /**
     * Free space on the data folder's disk below which the writer refuses new writes (a
     * {@link StoreFullException}, answered 503): what is left lets the applier write what was
     * acknowledged into the logs and MapDB, and commit. Writes are taken again once there is room.
     */
    static final long DISK_RESERVE_BYTES = 32L * 1024 * 1024;
    private static final long SPACE_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Path dataFolder;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final DB db;
    private final BTreeMap<String, Long> meta;
    private final Map<String, BTreeMap<String, byte[]>> collections = new ConcurrentHashMap<>();
    /** Journaled puts and deletes not yet applied to MapDB, by collection: the latest write of each key. */
    private final Map<String, ConcurrentSkipListMap<String, Write>> unapplied = new ConcurrentHashMap<>();
    /**
     * Counters as the applier has applied them, by collection: authoritative over MapDB's values,
     * which follow at each commit.
     */
    private final Map<String, ConcurrentHashMap<String, Long>> counters = new ConcurrentHashMap<>();
    /**
     * Counters as acknowledged, by collection, kept by the writer so that a counter is read back
     * at once: every addition since opening goes through here first.
     */
    private final Map<String, ConcurrentHashMap<String, Long>> liveCounters = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> dirtyCounters = new HashMap<>();
    /** Collections kept apart ({@link Write#keptApart}) changed since the last commit; the applier's. */
    private final Set<String> dirtyApart = new HashSet<>();
    private final int formatOnOpen;
    /** The append-only logs, by {@code <collection>/<log>}. */
    private final Map<String, AppendLog> logs = new ConcurrentHashMap<>();
    private final Journal journal;
    private final Derivation derivation;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<Applied> toApply = new LinkedBlockingQueue<>();
    private final Semaphore unappliedWrites = new Semaphore(MAX_UNAPPLIED_WRITES);
    private final Thread writer;
    private final Thread applier;
    private final boolean rebuilt;
    private final List<String> salvaged = new ArrayList<>();
    /** Snapshots asked for, oldest first, each waiting for the applier to reach its sequence number. */
    private final BlockingQueue<SnapshotRequest> snapshots = new LinkedBlockingQueue<>();
    /** The sequence number of the last batch whose writes were acknowledged, for a snapshot to wait for. */
    private volatile long acknowledgedSequence;
    private volatile JournalListener journalListener = JournalListener.NONE;
    /** Whether the writer refuses writes for want of disk space; it looks again before each batch. */
    private volatile boolean diskFull;
    private long nextSpaceCheckNanos;
    private volatile boolean closing;
    private volatile boolean writerDone;
    private volatile StoreException failure;
    private long uncommittedWrites;
    private long lastCommitNanos = System.nanoTime();
    private Journal.Position appliedPosition;
    private long appliedSequence;

    private record Pending(List<Write> writes, CompletableFuture<Void> future) {
    }

    /** Journaled writes for the applier, and where the journal stood after them. */
    private record Applied(List<Write> writes, Journal.Position position, long sequence) {
    }

    /** Put on the applier's queue to have it look at the snapshots asked for at once. */
    private static final Applied WAKE_UP = new Applied(List.of(), null, -1);

    private record SnapshotRequest(long sequence, CompletableFuture<DataSnapshot> future) {
    }

    private MapDbStore(Path dataFolder, FileChannel lockChannel, FileLock lock, DB db, boolean rebuilt, Journal.Position from,
            long sequenceAtFrom, Derivation derivation, DamagePolicy policy, int format) throws IOException {
        this.dataFolder = dataFolder;
        this.formatOnOpen = format;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.db = db;
        this.rebuilt = rebuilt;
        this.derivation = derivation;
        this.meta = db.treeMap(META, Serializer.STRING, Serializer.LONG).createOrOpen();
        for (String name : db.getAllNames()) {
            if (name.startsWith(COLLECTION_PREFIX)) {
                collections.put(name.substring(COLLECTION_PREFIX.length()), openCollection(name.substring(COLLECTION_PREFIX.length())));
            }
        }
        openLogs();
        long restoredApart = loadApart();
        long[] replayed = {0};
        this.journal = Journal.open(dataFolder.resolve(JOURNAL), from, sequenceAtFrom, policy, salvaged, record -> {
            try {
                apply(record.writes());
                apply(derivation.derive(record.writes()));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            replayed[0]++;
        });
        for (AppendLog log : logs.values()) {
            log.writeAllWaiting();
        }
        salvaged.forEach(finding -> LOG.warn("Salvaging the journal: {}", finding));
        this.appliedPosition = journal.position();
        this.appliedSequence = journal.lastSequence();
        this.acknowledgedSequence = appliedSequence;
        if (replayed[0] > 0 || restoredApart > 0) {
            LOG.info("Replayed {} journal record(s) into MapDB", replayed[0]);
            uncommittedWrites = replayed[0] + restoredApart;
            commit();
        }
        this.writer = new Thread(this::write, "store-writer");
        this.applier = new Thread(this::applyJournaled, "store-applier");
        this.writer.start();
        this.applier.start();
    }

    /**
     * Loads and initialises MapDB's classes on an in-memory database, for a warm-up thread to call
     * while the caller does other work before {@link #open}: it only saves time.
     */
    public static void warmUp() {
        try (DB db = DBMaker.memoryDB().transactionEnable().make()) {
            db.treeMap("warm-up", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen().put("a", new byte[1]);
            db.treeMap("warm-up-counts", Serializer.STRING, Serializer.LONG).createOrOpen().put("a", 1L);
            db.commit();
        }
    }

    /**
     * Opens (or creates) the store in {@code dataFolder}, with no derived writes.
     *
     * @throws StoreException when another process uses the folder, or the data is damaged
     */
    public static MapDbStore open(Path dataFolder) {
        return open(dataFolder, Derivation.NONE);
    }

    /**
     * Opens (or creates) the store in {@code dataFolder}; replaying the journal re-derives derived
     * writes with {@code derivation}.
     *
     * @throws StoreException when another process uses the folder, or the data is damaged
     */
    public static MapDbStore open(Path folder, Derivation derivation) {
        return open(folder, derivation, DamagePolicy.REFUSE);
    }

    /**
     * Opens (or creates) the store in {@code dataFolder}; replaying the journal re-derives derived
     * writes with {@code derivation}, and damage in the journal is treated as {@code policy} says.
     *
     * @throws StoreException when another process uses the folder, or the data is damaged
     */
    public static MapDbStore open(Path folder, Derivation derivation, DamagePolicy policy) {
        requireNonNull(folder, "dataFolder is null");
        requireNonNull(derivation, "derivation is null");
        requireNonNull(policy, "policy is null");
        // Every path inside the store is derived from this one absolute path, taken once: a relative
        // "data" has no parent to walk up to, and the working folder must not matter after opening.
        Path dataFolder = folder.toAbsolutePath().normalize();
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dataFolder);
            lockChannel = FileChannel.open(dataFolder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel);
            if (lock == null) {
                throw new StoreException("the data folder " + dataFolder
                        + " is in use by another Berezhno process (it holds " + dataFolder.resolve("berezhno.lock")
                        + "); stop that process, or give this one another --data folder");
            }
            int format = DataFormat.of(dataFolder);
            DataFormat.checkOpenable(dataFolder, format);
            DataSnapshot.deleteTree(dataFolder.resolve(DataSnapshot.TEMPORARY));
            Path mapdbFolder = dataFolder.resolve(MAPDB);
            Files.createDirectories(mapdbFolder);
            boolean rebuild = false;
            Path marker = dataFolder.resolve(COMMIT_MARKER);
            if (Files.exists(marker)) {
                LOG.warn("MapDB was interrupted during a commit; rebuilding it from the journal");
                rebuild = true;
            }
            else {
                for (String leftover : leftovers(mapdbFolder)) {
                    LOG.info("Removing {} left by MapDB: it holds only writes that were never committed, which the journal replays", leftover);
                    Files.delete(mapdbFolder.resolve(leftover));
                }
            }
            DB db = null;
            if (!rebuild) {
                try {
                    db = make(mapdbFolder);
                }
                catch (RuntimeException e) {
                    LOG.warn("MapDB could not be opened ({}); rebuilding it from the journal", e.toString());
                    rebuild = true;
                }
            }
            if (rebuild) {
                clear(mapdbFolder);
                db = make(mapdbFolder);
                db.commit();
                Files.deleteIfExists(marker);
            }
            BTreeMap<String, Long> meta = db.treeMap(META, Serializer.STRING, Serializer.LONG).createOrOpen();
            Journal.Position from = new Journal.Position(meta.getOrDefault("segment", 1L), meta.getOrDefault("offset", 0L));
            long sequence = meta.getOrDefault("sequence", 0L);
            try {
                MapDbStore store = new MapDbStore(dataFolder, lockChannel, lock, db, rebuild, from, sequence, derivation, policy, format);
                if (format == DataFormat.NEW) {
                    DataFormat.write(dataFolder, DataFormat.CURRENT);
                }
                return store;
            }
            catch (IOException | RuntimeException e) {
                db.close();
                throw e;
            }
        }
        catch (IOException e) {
            closeQuietly(lockChannel);
            throw new StoreException("the data folder " + dataFolder + " cannot be opened: " + e.getMessage(), e);
        }
        catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /**
     * Reads every collection kept apart into MapDB, adding the entries MapDB lacks (all of them
     * after a rebuild; after a crash, those of a commit cut short): the file and MapDB only ever
     * gain entries. Returns how many were added.
     */
    private long loadApart() {
        Path folder = dataFolder.resolve(ApartFile.FOLDER);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        long added = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(path -> !path.getFileName().toString().endsWith(".new")).sorted().toList()) {
                String collection = file.getFileName().toString();
                BTreeMap<String, byte[]> map = collections.computeIfAbsent(collection, this::openCollection);
                for (Map.Entry<String, byte[]> entry : ApartFile.read(file).entrySet()) {
                    if (map.putIfAbsent(entry.getKey(), entry.getValue()) == null) {
                        added++;
                    }
                }
            }
        }
        catch (IOException e) {
            throw new StoreException("the folder " + folder + " cannot be read: " + e.getMessage(), e);
        }
        if (added > 0) {
            LOG.info("Restored {} entries kept apart from the journal into MapDB", added);
        }
        return added;
    }

    /** The format the data folder was in when opened ({@link DataFormat#NEW} for a new one). */
    public int formatOnOpen() {
        return formatOnOpen;
    }

    /**
     * Brings a folder opened in an older format to {@link DataFormat#CURRENT}: from format 1, the
     * collections named (which format 1 kept only in MapDB) are written apart. Call it right after
     * opening, before any write, and after a backup.
     */
    public void upgrade(Set<String> collectionsKeptApart) {
        if (formatOnOpen == DataFormat.NEW || formatOnOpen >= DataFormat.CURRENT) {
            return;
        }
        try {
            for (String collection : collectionsKeptApart) {
                BTreeMap<String, byte[]> map = collections.get(collection);
                if (map != null) {
                    ApartFile.write(dataFolder, collection, map.entrySet(), map.sizeLong());
                }
            }
            DataFormat.write(dataFolder, DataFormat.CURRENT);
            LOG.info("Upgraded the data folder {} from format {} to format {}", dataFolder, formatOnOpen, DataFormat.CURRENT);
        }
        catch (IOException e) {
            throw new StoreException("upgrading the data folder " + dataFolder + " failed: " + e.getMessage()
                    + "; it stays in format " + formatOnOpen + " and opens as before", e);
        }
    }

    /**
     * Opens every log found at the length the last MapDB commit recorded for it (none: empty), so
     * that what was appended after that commit is cut off before the journal replays it.
     */
    private void openLogs() throws IOException {
        Path folder = dataFolder.resolve(LOGS);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder, 2)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(LOG_SUFFIX)).toList()) {
                String collection = file.getParent().getFileName().toString();
                String name = file.getFileName().toString();
                log(collection, name.substring(0, name.length() - LOG_SUFFIX.length()));
            }
        }
    }

    /** The log {@code name} of {@code collection}, opened at its committed length when first used. */
    private AppendLog log(String collection, String name) {
        return logs.computeIfAbsent(collection + "/" + name, key -> {
            try {
                return AppendLog.open(dataFolder, logFile(dataFolder, key),
                        meta.getOrDefault(LOG_LENGTH + key, 0L), meta.getOrDefault(LOG_RECORDS + key, 0L));
            }
            catch (IOException e) {
                throw new StoreException("the log " + key + " cannot be opened: " + e.getMessage(), e);
            }
        });
    }

    /** The lock of a data folder's lock file, or null when a process (this one included) holds it. */
    static FileLock tryLock(FileChannel lockChannel) throws IOException {
        try {
            return lockChannel.tryLock();
        }
        catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** The names of the logs of {@code collection} among keys {@code <collection>/<name>}, in order. */
    static List<String> logNames(java.util.Collection<String> keys, String collection) {
        String prefix = collection + "/";
        return keys.stream().filter(key -> key.startsWith(prefix)).map(key -> key.substring(prefix.length())).sorted().toList();
    }

    /** The file of the log {@code <collection>/<name>}. */
    static Path logFile(Path dataFolder, String key) {
        int slash = key.indexOf('/');
        return dataFolder.resolve(LOGS).resolve(key.substring(0, slash)).resolve(key.substring(slash + 1) + LOG_SUFFIX);
    }

    private static DB make(Path mapdbFolder) {
        return DBMaker.fileDB(mapdbFolder.resolve(MAIN_FILE).toFile()).fileChannelEnable().transactionEnable().make();
    }

    private static List<String> leftovers(Path mapdbFolder) throws IOException {
        try (Stream<Path> files = Files.list(mapdbFolder)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> !name.equals(MAIN_FILE)).sorted().toList();
        }
    }

    private static void clear(Path mapdbFolder) throws IOException {
        try (Stream<Path> files = Files.list(mapdbFolder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        Journal.syncFolder(mapdbFolder);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            }
            catch (IOException e) {
                LOG.debug("closing the lock file failed", e);
            }
        }
    }

    /** Sets who is told of every batch the journal takes (metrics). */
    public void journalListener(JournalListener listener) {
        journalListener = requireNonNull(listener, "listener is null");
    }

    /** What salvaging the journal found and did when opening, one sentence each; empty when nothing was damaged. */
    public List<String> salvaged() {
        return List.copyOf(salvaged);
    }

    /** Whether opening found MapDB interrupted during a commit and rebuilt it from the journal. */
    public boolean rebuiltOnOpen() {
        return rebuilt;
    }

    public Path dataFolder() {
        return dataFolder;
    }

    @Override
    public CompletableFuture<Void> write(List<Write> writes) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        StoreException failed = failure;
        if (failed != null) {
            future.completeExceptionally(failed);
        }
        else if (closing) {
            future.completeExceptionally(new StoreException("the store is closing"));
        }
        else if (writes.isEmpty()) {
            future.complete(null);
        }
        else {
            queue.add(new Pending(List.copyOf(writes), future));
        }
        return future;
    }

    @Override
    public Optional<byte[]> get(String collection, String key) {
        Map<String, Write> pending = unapplied.get(collection);
        Write write = pending == null ? null : pending.get(key);
        if (write != null) {
            return Optional.ofNullable(write.value());
        }
        Map<String, Long> live = liveCounters.get(collection);
        Long counter = live == null ? null : live.get(key);
        if (counter != null) {
            return Optional.of(Write.counterBytes(counter));
        }
        return appliedValue(collection, key);
    }

    /** What the applier has applied of a key, leaving out unapplied puts and deletes. */
    private Optional<byte[]> appliedValue(String collection, String key) {
        Map<String, Long> cached = counters.get(collection);
        Long counter = cached == null ? null : cached.get(key);
        if (counter != null) {
            return Optional.of(Write.counterBytes(counter));
        }
        BTreeMap<String, byte[]> map = collections.get(collection);
        return map == null ? Optional.empty() : Optional.ofNullable(map.get(key));
    }

    @Override
    public void scan(String collection, String keyPrefix, long limit, BiConsumer<String, byte[]> consumer) {
        // The overlay first, copied: the applier puts a write into MapDB before it takes it out of the
        // overlay, so whatever left the overlay before this copy is in MapDB when MapDB is read after it.
        // Read lazily side by side, a write moving between the two could be missed by both.
        ConcurrentSkipListMap<String, Write> unappliedHere = unapplied.get(collection);
        NavigableMap<String, Write> pendingCopy = unappliedHere == null ? java.util.Collections.emptyNavigableMap()
                : new TreeMap<>(range(unappliedHere, keyPrefix));
        BTreeMap<String, byte[]> map = collections.get(collection);
        NavigableMap<String, byte[]> stored = map == null ? new TreeMap<>() : range(map, keyPrefix);
        Map<String, Long> cached = counters.get(collection);
        Map<String, Long> live = liveCounters.get(collection);
        if ((cached != null && !cached.isEmpty()) || (live != null && !live.isEmpty())) {
            // Counter collections are small: copy, and let the in-memory values win, the live ones last.
            TreeMap<String, byte[]> merged = new TreeMap<>(stored);
            for (Map<String, Long> values : java.util.Arrays.asList(cached, live)) {
                if (values != null) {
                    values.forEach((key, value) -> {
                        if (key.startsWith(keyPrefix)) {
                            merged.put(key, Write.counterBytes(value));
                        }
                    });
                }
            }
            stored = merged;
        }
        Iterator<Map.Entry<String, Write>> overlay = pendingCopy.entrySet().iterator();
        Iterator<Map.Entry<String, byte[]>> base = stored.entrySet().iterator();
        // A streaming merge of two sorted sequences: a large collection is never copied.
        Map.Entry<String, byte[]> nextBase = base.hasNext() ? base.next() : null;
        Map.Entry<String, Write> nextOverlay = overlay.hasNext() ? overlay.next() : null;
        long left = limit;
        while ((nextBase != null || nextOverlay != null) && left > 0) {
            int order = nextBase == null ? 1 : nextOverlay == null ? -1 : nextBase.getKey().compareTo(nextOverlay.getKey());
            if (order < 0) {
                consumer.accept(nextBase.getKey(), nextBase.getValue());
                left--;
                nextBase = base.hasNext() ? base.next() : null;
                continue;
            }
            Write write = nextOverlay.getValue();
            if (write.value() != null) {
                consumer.accept(nextOverlay.getKey(), write.value());
                left--;
            }
            if (order == 0) {
                nextBase = base.hasNext() ? base.next() : null;
            }
            nextOverlay = overlay.hasNext() ? overlay.next() : null;
        }
    }

    static <V> NavigableMap<String, V> range(NavigableMap<String, V> map, String keyPrefix) {
        return keyPrefix.isEmpty() ? map : map.subMap(keyPrefix, true, keyPrefix + Character.MAX_VALUE, false);
    }

    @Override
    public void scanLog(String collection, String log, Consumer<byte[]> consumer) {
        AppendLog appendLog = logs.get(collection + "/" + log);
        if (appendLog != null) {
            appendLog.scan(consumer);
        }
    }

    @Override
    public long logSize(String collection, String log) {
        AppendLog appendLog = logs.get(collection + "/" + log);
        return appendLog == null ? 0 : appendLog.size();
    }

    @Override
    public List<String> logs(String collection) {
        return logNames(logs.keySet(), collection);
    }

    @Override
    public long count(String collection, String keyPrefix) {
        Map<String, Write> pending = unapplied.get(collection);
        Map<String, Long> cached = counters.get(collection);
        Map<String, Long> live = liveCounters.get(collection);
        if ((pending != null && !pending.isEmpty()) || (cached != null && !cached.isEmpty()) || (live != null && !live.isEmpty())) {
            long[] count = {0};
            scan(collection, keyPrefix, Long.MAX_VALUE, (key, value) -> count[0]++);
            return count[0];
        }
        BTreeMap<String, byte[]> map = collections.get(collection);
        if (map == null) {
            return 0;
        }
        return keyPrefix.isEmpty() ? map.sizeLong() : range(map, keyPrefix).size();
    }

    /** The writer thread: journal, fsync, publish, acknowledge. */
    private void write() {
        List<Pending> batch = new ArrayList<>();
        int lastBatch = 0;
        try {
            while (!closing || !queue.isEmpty()) {
                try {
                    Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, MAX_BATCH - 1);
                        if (lastBatch > 1) {
                            // Others are submitting: a moment's wait lets more share this fsync (group commit delay).
                            LockSupport.parkNanos(GROUP_COMMIT_DELAY_NANOS);
                            queue.drainTo(batch, MAX_BATCH - batch.size());
                        }
                        lastBatch = batch.size();
                        journalBatch(batch);
                        batch.clear();
                    }
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                catch (RuntimeException | IOException e) {
                    fail(batch, e);
                    batch.clear();
                }
            }
            Pending left;
            while ((left = queue.poll()) != null) {
                left.future().completeExceptionally(new StoreException("the store is closed"));
            }
        }
        finally {
            writerDone = true;
        }
    }

    private void journalBatch(List<Pending> batch) throws IOException, InterruptedException {
        if (failure != null) {
            batch.forEach(pending -> pending.future().completeExceptionally(failure));
            return;
        }
        if (lowOnDisk()) {
            StoreFullException full = new StoreFullException("the disk of " + dataFolder + " has less than " + DISK_RESERVE_BYTES / (1024 * 1024)
                    + " MiB free: the write is refused (nothing was journaled); writes are taken again once space is freed");
            batch.forEach(pending -> pending.future().completeExceptionally(full));
            return;
        }
        boolean preconditions = batch.stream().anyMatch(pending -> pending.writes().stream().anyMatch(Write::mustBeAbsent));
        Map<String, Boolean> overlay = new HashMap<>();
        List<Pending> accepted = new ArrayList<>(batch.size());
        List<ByteBuffer> records = new ArrayList<>(batch.size());
        long sequence = journal.lastSequence();
        for (Pending pending : batch) {
            if (preconditions) {
                // Keys written earlier in this batch are not visible yet: the overlay holds them.
                WriteConflictException conflict = conflict(pending.writes(), overlay);
                if (conflict != null) {
                    pending.future().completeExceptionally(conflict);
                    continue;
                }
                for (Write write : pending.writes()) {
                    overlay.put(write.collection() + '\0' + write.key(), write.kind() != Write.Kind.DELETE);
                }
            }
            accepted.add(pending);
            records.add(new JournalRecord(++sequence, pending.writes()).encode());
        }
        if (accepted.isEmpty()) {
            return;
        }
        // A log's file is made before the journal takes its first record: a log that cannot be made
        // fails the batch with nothing journaled, instead of refusing records that a restart replays.
        for (Pending pending : accepted) {
            for (Write write : pending.writes()) {
                if (write.kind() == Write.Kind.APPEND) {
                    log(write.collection(), write.key());
                }
            }
        }
        long appending = System.nanoTime();
        Journal.Position before = journal.position();
        Journal.Position position;
        try {
            position = journal.append(records);
        }
        catch (IOException e) {
            if (!Journal.isDiskFull(e)) {
                throw e;
            }
            // What the full disk took of the batch is cut off again: the batch was never journaled.
            journal.truncate(before);
            setDiskFull(true);
            StoreFullException full = new StoreFullException("the disk of " + dataFolder + " is full: the write is refused (nothing was"
                    + " journaled); writes are taken again once space is freed");
            accepted.forEach(pending -> pending.future().completeExceptionally(full));
            return;
        }
        journalListener.journaled(accepted.size(), System.nanoTime() - appending);
        journal.sequenceWritten(sequence);
        List<Write> writes = new ArrayList<>();
        for (Pending pending : accepted) {
            for (Write write : pending.writes()) {
                writes.add(write);
                if (write.kind() == Write.Kind.APPEND) {
                    log(write.collection(), write.key()).acknowledged(write.value());
                }
                else if (write.kind() != Write.Kind.ADD) {
                    unapplied.computeIfAbsent(write.collection(), c -> new ConcurrentSkipListMap<>()).put(write.key(), write);
                }
                else {
                    // No addition to this key since opening precedes its first one here, so what the
                    // applier has is the whole durable value.
                    liveCounters.computeIfAbsent(write.collection(), c -> new ConcurrentHashMap<>())
                            .compute(write.key(), (key, value) -> (value != null ? value
                                    : appliedValue(write.collection(), key).map(Write::counter).orElse(0L)) + write.delta());
                }
            }
        }
        acknowledgedSequence = sequence;
        accepted.forEach(pending -> pending.future().complete(null));
        unappliedWrites.acquire(permits(writes));
        toApply.put(new Applied(writes, position, sequence));
        journal.rollIfLarge();
    }

    /** Whether the disk has less than the reserve free; looked at every 50 ms, and before each batch while it is full. */
    private boolean lowOnDisk() {
        long now = System.nanoTime();
        if (!diskFull && now < nextSpaceCheckNanos) {
            return false;
        }
        nextSpaceCheckNanos = now + SPACE_CHECK_INTERVAL_NANOS;
        boolean low;
        try {
            low = Files.getFileStore(dataFolder.resolve(JOURNAL)).getUsableSpace() < DISK_RESERVE_BYTES;
        }
        catch (IOException e) {
            // Not knowing is no reason to refuse: the append itself tells a full disk.
            return false;
        }
        setDiskFull(low);
        return low;
    }

    private void setDiskFull(boolean full) {
        if (full != diskFull) {
            if (full) {
                LOG.warn("The disk of {} is (nearly) full: writes are refused with 503 until space is freed; everything acknowledged"
                        + " is safe", dataFolder);
            }
            else {
                LOG.info("The disk of {} has room again: writes are taken", dataFolder);
            }
        }
        diskFull = full;
    }

    @Override
    public boolean diskFull() {
        return diskFull;
    }

    /** A batch larger than the bound takes all of it, and waits for the applier to have caught up. */
    private static int permits(List<Write> writes) {
        return Math.min(writes.size(), MAX_UNAPPLIED_WRITES);
    }

    private WriteConflictException conflict(List<Write> writes, Map<String, Boolean> overlay) {
        Map<String, Boolean> local = new HashMap<>();
        for (Write write : writes) {
            String key = write.collection() + '\0' + write.key();
            if (write.mustBeAbsent()) {
                Boolean present = local.containsKey(key) ? local.get(key) : overlay.get(key);
                if (present == null) {
                    present = get(write.collection(), write.key()).isPresent();
                }
                if (present) {
                    return new WriteConflictException(write.collection(), write.key());
                }
            }
            local.put(key, write.kind() != Write.Kind.DELETE);
        }
        return null;
    }

    /** The applier thread: MapDB, and its commits. */
    private void applyJournaled() {
        List<Applied> batches = new ArrayList<>();
        while (!writerDone || !toApply.isEmpty()) {
            try {
                Applied first = toApply.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batches.add(first);
                    toApply.drainTo(batches);
                    for (Applied batch : batches) {
                        if (batch == WAKE_UP) {
                            continue;
                        }
                        applyCoalesced(batch.writes());
                        appliedPosition = batch.position();
                        appliedSequence = batch.sequence();
                        for (Write write : batch.writes()) {
                            if (write.kind() == Write.Kind.PUT || write.kind() == Write.Kind.DELETE) {
                                unapplied.get(write.collection()).remove(write.key(), write);
                            }
                        }
                        unappliedWrites.release(permits(batch.writes()));
                    }
                    batches.clear();
                }
                if (uncommittedWrites > 0 && (uncommittedWrites >= COMMIT_AFTER_WRITES
                        || System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL_NANOS)) {
                    commit();
                }
                takeSnapshots();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            catch (RuntimeException | IOException e) {
                fail(List.of(), e);
                break;
            }
        }
        SnapshotRequest left;
        while ((left = snapshots.poll()) != null) {
            left.future().completeExceptionally(failure != null ? failure : new StoreException("the store is closed"));
        }
    }

    /**
     * Takes the snapshots whose writes the applier has reached: a commit, then a copy of MapDB's
     * file before the next commit can change it. Runs on the applier, which holds off its commits
     * (not its writes into MapDB's pending transaction) for as long as the copy takes.
     */
    private void takeSnapshots() throws IOException {
        SnapshotRequest request;
        while ((request = snapshots.peek()) != null && appliedSequence >= request.sequence()) {
            snapshots.poll();
            if (request.future().isDone()) {
                continue;
            }
            commit();
            DataSnapshot snapshot = DataSnapshot.ofCommit(dataFolder, dataFolder.resolve(MAPDB).resolve(MAIN_FILE), new TreeMap<>(meta),
                    appliedPosition, appliedSequence);
            if (!request.future().complete(snapshot)) {
                snapshot.close();
            }
        }
    }

    /**
     * A snapshot of the store's files that holds every write acknowledged before the call, taken
     * while writes go on (see {@link DataSnapshot}); close it when done.
     *
     * @throws StoreException when the store has failed or closes, or the snapshot took longer than {@code timeout}
     */
    public DataSnapshot snapshot(Duration timeout) {
        if (failure != null) {
            throw failure;
        }
        if (closing) {
            throw new StoreException("the store is closing");
        }
        SnapshotRequest request = new SnapshotRequest(acknowledgedSequence, new CompletableFuture<>());
        snapshots.add(request);
        toApply.add(WAKE_UP);
        try {
            return request.future().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            request.future().cancel(false);
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a snapshot", e);
        }
        catch (ExecutionException e) {
            throw new StoreException("the snapshot failed: " + e.getCause().getMessage(), e.getCause());
        }
        catch (TimeoutException e) {
            request.future().cancel(false);
            throw new StoreException("the snapshot was not taken within " + timeout, e);
        }
    }

    /** Applies replayed writes on open. */
    private void apply(List<Write> writes) throws IOException {
        for (Write write : writes) {
            if (write.kind() == Write.Kind.APPEND) {
                log(write.collection(), write.key()).replayed(write.value());
                continue;
            }
            BTreeMap<String, byte[]> map = collections.computeIfAbsent(write.collection(), this::openCollection);
            if (write.keptApart()) {
                dirtyApart.add(write.collection());
            }
            switch (write.kind()) {
                case PUT -> map.put(write.key(), write.value());
                case DELETE -> map.remove(write.key());
                case ADD -> addToCounter(write.collection(), map, write.key(), write.delta());
                default -> throw new IllegalStateException("unexpected " + write.kind());
            }
        }
    }

    /** Applies writes, adding up the counter updates to each key first: many responses touch the same counters. */
    private void applyCoalesced(List<Write> writes) throws IOException {
        Map<String, Map<String, Long>> additions = new LinkedHashMap<>();
        Map<AppendLog, Integer> appended = new LinkedHashMap<>();
        List<Write> others = new ArrayList<>();
        for (Write write : writes) {
            if (write.kind() == Write.Kind.ADD) {
                additions.computeIfAbsent(write.collection(), c -> new HashMap<>()).merge(write.key(), write.delta(), Long::sum);
            }
            else if (write.kind() == Write.Kind.APPEND) {
                appended.merge(log(write.collection(), write.key()), 1, Integer::sum);
            }
            else {
                others.add(write);
            }
        }
        apply(others);
        for (Map.Entry<AppendLog, Integer> log : appended.entrySet()) {
            // The log's oldest waiting records are this batch's: the writer acknowledged them in this order.
            log.getKey().writeWaiting(log.getValue());
        }
        uncommittedWrites += appended.values().stream().mapToInt(Integer::intValue).sum();
        additions.forEach((collection, deltas) -> {
            BTreeMap<String, byte[]> map = collections.computeIfAbsent(collection, this::openCollection);
            deltas.forEach((key, delta) -> addToCounter(collection, map, key, delta));
        });
        uncommittedWrites += others.size() + additions.values().stream().mapToInt(Map::size).sum();
    }

    private void addToCounter(String collection, BTreeMap<String, byte[]> map, String key, long delta) {
        ConcurrentHashMap<String, Long> cached = counters.computeIfAbsent(collection, c -> new ConcurrentHashMap<>());
        Long current = cached.get(key);
        cached.put(key, (current == null ? Write.counter(map.get(key)) : current) + delta);
        dirtyCounters.computeIfAbsent(collection, c -> new HashSet<>()).add(key);
    }

    private BTreeMap<String, byte[]> openCollection(String name) {
        return db.treeMap(COLLECTION_PREFIX + name, Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
    }

    /** Commits MapDB up to the last applied batch; runs on the applier (or before it starts, or after it ends). */
    private void commit() throws IOException {
        dirtyCounters.forEach((collection, keys) -> {
            BTreeMap<String, byte[]> map = collections.computeIfAbsent(collection, this::openCollection);
            Map<String, Long> cached = counters.get(collection);
            keys.forEach(key -> map.put(key, Write.counterBytes(cached.get(key))));
        });
        dirtyCounters.clear();
        for (Map.Entry<String, AppendLog> log : logs.entrySet()) {
            // Only what the applier wrote: records still waiting are after the applied position.
            long[] lengthAndRecords = log.getValue().force();
            meta.put(LOG_LENGTH + log.getKey(), lengthAndRecords[0]);
            meta.put(LOG_RECORDS + log.getKey(), lengthAndRecords[1]);
        }
        meta.put("segment", appliedPosition.segment());
        meta.put("offset", appliedPosition.offset());
        meta.put("sequence", appliedSequence);
        Path marker = dataFolder.resolve(COMMIT_MARKER);
        try (FileChannel channel = FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Journal.syncFolder(dataFolder);
        for (String collection : dirtyApart) {
            BTreeMap<String, byte[]> map = collections.get(collection);
            ApartFile.write(dataFolder, collection, map.entrySet(), map.sizeLong());
        }
        dirtyApart.clear();
        db.commit();
        Files.delete(marker);
        uncommittedWrites = 0;
        lastCommitNanos = System.nanoTime();
    }

    private void fail(List<Pending> batch, Exception cause) {
        StoreException failed = new StoreException("the store failed and accepts no more writes until restarted: " + cause, cause);
        LOG.error("Storage failure in {}: every write is refused from now on, and /health and /ready answer 503. Every answer acknowledged "
                + "before is safe in the journal. Remove the cause (disk space, permissions, a failing disk), then restart the server: "
                + "it replays the journal", dataFolder, cause);
        failure = failed;
        batch.forEach(pending -> pending.future().completeExceptionally(failed));
    }

    @Override
    public Optional<StoreException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join();
            applier.join();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (failure == null) {
                commit();
            }
            db.close();
            journal.close();
            for (AppendLog log : logs.values()) {
                log.close();
            }
        }
        catch (IOException | RuntimeException e) {
            LOG.error("Closing the store failed; the journal will be replayed on the next start", e);
        }
        finally {
            try {
                lock.release();
            }
            catch (IOException e) {
                LOG.debug("releasing the lock failed", e);
            }
            closeQuietly(lockChannel);
        }
    }
}

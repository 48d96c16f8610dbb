package ru.berezhno.server.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.io.ByteStreams;

import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.storage.DataCheck;
import ru.berezhno.storage.DataSnapshot;
import ru.berezhno.storage.SnapshotStore;

/**
 * A backup archive: one zip file (deflated, fast level) with the files of a {@link DataSnapshot}
 * under {@code data/} and, last, {@code manifest.json} ({@link BackupManifest}) with every file's
 * length and SHA-256. The zip format is read everywhere, and each entry carries a CRC of its own.
 *
 * <p>An archive is checked whole before anything is restored from it: a manifest of ours, every
 * file it lists present with its length and SHA-256, nothing else in it, and names that stay
 * inside the data folder. A restore goes only into an empty folder, marked unfinished until the
 * restored folder has been read back whole (every checksum) and holds the manifest's responses.
 */
public final class BackupArchive {
    static final String MANIFEST = "manifest.json";
    private static final String DATA = "data/";
    /** Every name a data folder's file may have in an archive; nothing else is ever extracted. */
    private static final Pattern NAMES = Pattern.compile(
            "journal/segment-\\d{8}\\.log|logs/[a-z0-9][a-z0-9._-]{0,99}/[a-z0-9][a-z0-9._-]{0,99}\\.log|mapdb/store\\.db|admin-token|format\\.json"
                    + "|apart/[a-z0-9][a-z0-9._-]{0,99}");
    /** Written while a restore is under way; a server refuses a folder that has it. */
    public static final String RESTORE_MARKER = ru.berezhno.storage.DataFormat.RESTORE_MARKER;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private BackupArchive() {
    }

    /**
     * Writes the archive of {@code snapshot} to {@code out}, with {@code extras} (files of the
     * data folder beside the store's, by name) and the responses per survey in the manifest.
     */
    public static BackupManifest write(DataSnapshot snapshot, Map<String, Path> extras, int dataFormat, String server, OutputStream out)
            throws IOException {
        String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<BackupManifest.File> files = new ArrayList<>();
        ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
        zip.setLevel(Deflater.BEST_SPEED);
        for (Map.Entry<String, Path> extra : extras.entrySet()) {
            if (Files.isRegularFile(extra.getValue())) {
                files.add(copy(zip, extra.getKey(), extra.getValue(), Files.size(extra.getValue())));
            }
        }
        for (DataSnapshot.Entry entry : snapshot.entries()) {
            files.add(copy(zip, entry.name(), entry.source(), entry.bytes()));
        }
        SortedMap<String, Long> surveys;
        try (SnapshotStore store = snapshot.openStore()) {
            surveys = ResponseRepository.countsPerSurvey(store);
        }
        BackupManifest manifest = new BackupManifest(BackupManifest.ARCHIVE, BackupManifest.ARCHIVE_VERSION, dataFormat, server, created,
                snapshot.journalPoint(), snapshot.sequence(), surveys, files);
        zip.putNextEntry(new ZipEntry(MANIFEST));
        zip.write(JSON.writeValueAsBytes(manifest));
        zip.closeEntry();
        zip.finish();
        out.flush();
        return manifest;
    }

    private static BackupManifest.File copy(ZipOutputStream zip, String name, Path source, long bytes) throws IOException {
        if (!NAMES.matcher(name).matches()) {
            throw new IllegalArgumentException("the data folder's file " + name + " has no place in a backup");
        }
        MessageDigest digest = sha256();
        zip.putNextEntry(new ZipEntry(DATA + name));
        try (InputStream in = new DigestInputStream(ByteStreams.limit(Files.newInputStream(source), bytes), digest)) {
            long copied = in.transferTo(zip);
            if (copied != bytes) {
                throw new IOException(source + " holds " + copied + " bytes where " + bytes + " were expected");
            }
        }
        zip.closeEntry();
        return new BackupManifest.File(name, bytes, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * Reads an archive whole and checks it against its manifest.
     *
     * @throws BackupException saying what is wrong, when anything is
     */
    public static BackupManifest verify(Path archive) {
        return read(archive, null);
    }

    /**
     * Restores an archive into {@code target}, which must be empty or absent: checks the archive
     * whole, extracts it, reads the restored folder back whole and compares its responses per
     * survey with the manifest's.
     *
     * @throws BackupException when the target is not empty, the archive is damaged or the restored folder does not match
     */
    public static BackupManifest restore(Path archive, Path target) {
        Path folder = target.toAbsolutePath().normalize();
        try {
            if (Files.exists(folder)) {
                if (!Files.isDirectory(folder)) {
                    throw new BackupException(folder + " is a file; restore into a new, empty folder");
                }
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                    if (entries.iterator().hasNext()) {
                        throw new BackupException(folder + " is not empty; restore only into a new, empty folder (nothing was changed)");
                    }
                }
            }
        }
        catch (IOException e) {
            throw new BackupException("the folder " + folder + " cannot be read: " + e.getMessage(), e);
        }
        BackupManifest manifest = verify(archive);
        try {
            Files.createDirectories(folder);
            Path marker = folder.resolve(RESTORE_MARKER);
            Files.writeString(marker, "restoring " + archive.toAbsolutePath() + System.lineSeparator());
            sync(marker);
            read(archive, folder);
            try (DataSnapshot restored = DataSnapshot.ofStoppedFolder(folder)) {
                DataCheck check = restored.check();
                if (check.damaged()) {
                    throw new BackupException("the restored folder " + folder + " does not read back whole: " + String.join("; ", check.findings()));
                }
                SortedMap<String, Long> surveys;
                try (SnapshotStore store = restored.openStore()) {
                    surveys = ResponseRepository.countsPerSurvey(store);
                }
                if (!surveys.equals(manifest.surveys())) {
                    throw new BackupException("the restored folder holds " + surveys + " responses per survey, but the manifest says "
                            + manifest.surveys());
                }
            }
            Files.delete(marker);
            syncFolder(folder);
            return manifest;
        }
        catch (IOException e) {
            throw new BackupException("restoring into " + folder + " failed: " + e.getMessage() + "; remove the folder and restore again", e);
        }
    }

    /** Reads an archive, checking it against its manifest, and extracts it into {@code folder} unless that is null. */
    private static BackupManifest read(Path archive, Path folder) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry manifestEntry = zip.getEntry(MANIFEST);
            if (manifestEntry == null) {
                throw new BackupException(archive + " is not a Berezhno backup: it has no " + MANIFEST);
            }
            BackupManifest manifest;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                manifest = JSON.readValue(in, BackupManifest.class);
            }
            catch (IOException e) {
                throw new BackupException(archive + " is damaged: its " + MANIFEST + " cannot be read (" + e.getMessage() + ")", e);
            }
            if (!BackupManifest.ARCHIVE.equals(manifest.archive()) || manifest.files() == null || manifest.surveys() == null) {
                throw new BackupException(archive + " is not a Berezhno backup: its manifest says '" + manifest.archive() + "'");
            }
            if (manifest.archiveVersion() > BackupManifest.ARCHIVE_VERSION) {
                throw new BackupException(archive + " was made by a newer Berezhno (archive version " + manifest.archiveVersion()
                        + "; this one reads " + BackupManifest.ARCHIVE_VERSION + "): restore it with that version");
            }
            Map<String, BackupManifest.File> listed = new HashMap<>();
            for (BackupManifest.File file : manifest.files()) {
                if (!NAMES.matcher(file.name()).matches() || listed.put(file.name(), file) != null) {
                    throw new BackupException(archive + " lists a file that has no place in a data folder, or twice: " + file.name());
                }
            }
            Set<String> found = new LinkedHashSet<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().equals(MANIFEST)) {
                    continue;
                }
                String name = entry.getName().startsWith(DATA) ? entry.getName().substring(DATA.length()) : entry.getName();
                BackupManifest.File file = listed.get(name);
                if (file == null || !found.add(name)) {
                    throw new BackupException(archive + " holds " + entry.getName() + ", which its manifest does not list");
                }
                check(zip, entry, file, archive, folder == null ? null : folder.resolve(name));
            }
            if (found.size() != listed.size()) {
                Set<String> missing = new LinkedHashSet<>(listed.keySet());
                missing.removeAll(found);
                throw new BackupException(archive + " lacks files its manifest lists: " + missing);
            }
            return manifest;
        }
        catch (ZipException e) {
            throw new BackupException(archive + " is damaged or incomplete (" + e.getMessage() + "): it is not a whole backup", e);
        }
        catch (IOException e) {
            throw new BackupException(archive + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads one entry whole, compares it with the manifest, and writes it to {@code target} (fsynced) unless that is null. */
    private static void check(ZipFile zip, ZipEntry entry, BackupManifest.File file, Path archive, Path target) throws IOException {
        MessageDigest digest = sha256();
        long bytes;
        try (InputStream in = new DigestInputStream(zip.getInputStream(entry), digest)) {
            if (target == null) {
                bytes = in.transferTo(OutputStream.nullOutputStream());
            }
            else {
                Files.createDirectories(target.getParent());
                if (target.getFileName().toString().equals("admin-token")) {
                    Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    bytes = in.transferTo(out);
                }
                sync(target);
                syncFolder(target.getParent());
            }
        }
        catch (ZipException e) {
            throw new BackupException(archive + " is damaged: " + entry.getName() + " cannot be read (" + e.getMessage() + ")", e);
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        if (bytes != file.bytes() || !sha256.equals(file.sha256())) {
            throw new BackupException(archive + " is damaged: " + entry.getName() + " holds " + bytes + " bytes with SHA-256 " + sha256
                    + ", but the manifest says " + file.bytes() + " bytes with SHA-256 " + file.sha256());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Lets the zip finish without closing the stream under it (a socket, a response). */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

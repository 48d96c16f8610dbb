package ru.berezhno.server.backup;

import java.util.List;
import java.util.SortedMap;

/**
 * The last entry of a backup archive, {@code manifest.json}: what the archive is, the version of
 * the data folder's format, when it was made (UTC, to the second) and by which server, the point of the journal it
 * holds everything up to, the responses per survey at that point, and every file with its length
 * and SHA-256.
 */
public record BackupManifest(
        String archive,
        int archiveVersion,
        int dataFormat,
        String server,
        String created,
        String journalPoint,
        long sequence,
        SortedMap<String, Long> surveys,
        List<File> files) {

    /** What {@link #archive} says in every Berezhno backup. */
    public static final String ARCHIVE = "berezhno-backup";
    public static final int ARCHIVE_VERSION = 1;

    /** One file of the data folder, by its name there. */
    public record File(String name, long bytes, String sha256) {
    }

    /** How many responses in all. */
    public long responses() {
        return surveys.values().stream().mapToLong(Long::longValue).sum();
    }
}

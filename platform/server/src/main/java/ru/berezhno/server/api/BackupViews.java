package ru.berezhno.server.api;

import java.util.SortedMap;

/** What the backup endpoints answer. */
public final class BackupViews {
    private BackupViews() {
    }

    /** A backup just made: its file's name and size, and from its manifest when and up to where, with the responses per survey. */
    public record Made(String name, long bytes, String created, String journalPoint, long sequence, SortedMap<String, Long> surveys) {
    }

    /** A backup in the backup folder. */
    public record Listed(String name, long bytes, String modified) {
    }
}

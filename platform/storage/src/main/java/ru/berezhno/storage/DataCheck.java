package ru.berezhno.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import ru.berezhno.core.store.StoreException;

/**
 * Every byte of a {@link DataSnapshot} read and checked: each journal record's checksum and
 * sequence number (a torn tail is reported apart from damage), each log record's checksum and the
 * log's record count against MapDB's commit, and every entry of every MapDB collection read (MapDB
 * checks its header's checksum on opening). Findings are sentences; {@link #damaged} says whether
 * any of them is damage rather than something the next start sets right by itself.
 */
public final class DataCheck {
    private final List<String> findings = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();
    private boolean damaged;

    private DataCheck() {
    }

    static DataCheck of(DataSnapshot snapshot) {
        DataCheck check = new DataCheck();
        check.journal(snapshot);
        check.logs(snapshot);
        check.mapdb(snapshot);
        check.apart(snapshot);
        return check;
    }

    private void damage(String finding) {
        damaged = true;
        findings.add(finding);
    }

    private void journal(DataSnapshot snapshot) {
        try {
            Journal.JournalCheck journal = Journal.check(snapshot.dataFolder().resolve(MapDbStore.JOURNAL), snapshot.journalEnd());
            findings.addAll(journal.findings());
            damaged |= journal.damaged();
            summary.add("journal: " + journal.segments() + " segment(s), " + journal.bytes() + " bytes, " + journal.records() + " records"
                    + (journal.records() > 0 ? " (the last is " + journal.lastSequence() + ")" : ""));
            if (!journal.damaged() && journal.lastSequence() < snapshot.sequence()) {
                damage("the journal ends at record " + journal.lastSequence() + ", but MapDB's last commit applied it up to record "
                        + snapshot.sequence() + ": journal segments are missing or were truncated");
            }
            else if (journal.lastSequence() > snapshot.sequence()) {
                findings.add((journal.lastSequence() - snapshot.sequence()) + " journal record(s) after MapDB's last commit, replayed when"
                        + " the folder is next opened");
            }
        }
        catch (IOException | RuntimeException e) {
            damage("the journal cannot be read: " + e.getMessage());
        }
    }

    private void logs(DataSnapshot snapshot) {
        long records = 0;
        for (DataSnapshot.Log log : snapshot.logs()) {
            try {
                if (!Files.isRegularFile(log.file()) || Files.size(log.file()) < log.bytes()) {
                    damage("the log " + log.file() + " holds " + (Files.exists(log.file()) ? Files.size(log.file()) : 0) + " bytes, but MapDB's"
                            + " last commit recorded " + log.bytes());
                    continue;
                }
                long read = AppendLog.read(log.file(), log.bytes(), record -> {
                });
                records += read;
                if (read != log.records()) {
                    damage("the log " + log.file() + " holds " + read + " records, but MapDB's last commit recorded " + log.records());
                }
            }
            catch (IOException | StoreException | java.io.UncheckedIOException e) {
                damage(e.getMessage());
            }
        }
        summary.add("logs: " + snapshot.logs().size() + " file(s), " + records + " records");
    }

    private void mapdb(DataSnapshot snapshot) {
        if (Files.exists(snapshot.dataFolder().resolve(MapDbStore.COMMIT_MARKER)) && snapshot.journalEnd() == null) {
            findings.add("MapDB was interrupted during a commit; the next start rebuilds it from the journal");
            summary.add("MapDB: not read (to be rebuilt)");
            return;
        }
        try (SnapshotStore store = snapshot.openStore()) {
            long entries = 0;
            List<String> collections = store.collections();
            for (String collection : collections) {
                long[] count = {0};
                store.scan(collection, "", (key, value) -> count[0]++);
                entries += count[0];
            }
            summary.add("MapDB: " + collections.size() + " collection(s), " + entries + " entries");
        }
        catch (RuntimeException e) {
            damage("MapDB's file cannot be read: " + e);
        }
    }

    private void apart(DataSnapshot snapshot) {
        long entries = 0;
        for (DataSnapshot.Entry entry : snapshot.apartFiles()) {
            try {
                entries += ApartFile.read(entry.source()).size();
            }
            catch (StoreException e) {
                damage(e.getMessage());
            }
        }
        summary.add("kept apart from the journal: " + snapshot.apartFiles().size() + " collection(s), " + entries + " entries");
    }

    public boolean damaged() {
        return damaged;
    }

    /** What was found, one sentence each: damage, torn tails, gaps left by salvaging, records waiting to be replayed. */
    public List<String> findings() {
        return List.copyOf(findings);
    }

    /** What was read: the journal, the logs, MapDB, a line each. */
    public List<String> summary() {
        return List.copyOf(summary);
    }
}

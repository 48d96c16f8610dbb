package ru.berezhno.core.audit;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoredJson;
import ru.berezhno.core.store.Write;

/**
 * What administrators did to the data, for anyone who later asks why a figure changed: accepting
 * or discarding quarantined submissions, voiding an import. Entries are written in the same atomic
 * write as the change they record, keyed by the instant (so they list in order) and never changed.
 * They name the administrator and the batch, never a respondent.
 */
public final class AuditLog {
    public static final String COLLECTION = "audit";

    private final Store store;
    private final Clock clock;

    /** One entry: when, who, what and to which batch, with the figures that changed. */
    public record Entry(String at, String by, String action, String target, Map<String, Object> details) {
        public Entry {
            details = Map.copyOf(details);
        }
    }

    public AuditLog(Store store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The write that records an action, to go with the writes of the action itself. */
    public Write entry(Principal by, String action, String target, Map<String, Object> details) {
        java.time.Instant now = clock.instant();
        Entry entry = new Entry(now.toString(), by.name(), action, target, details);
        // Keyed by the instant as a fixed-width number, so that keys sort as time does (an ISO text's
        // fraction varies in length); the target keeps two at the same instant apart.
        String key = String.format("%012d%09d", now.getEpochSecond(), now.getNano());
        return Write.insert(COLLECTION, key + "/" + target + "/" + action, StoredJson.encode(entry));
    }

    /** The latest {@code limit} entries, newest first. */
    public List<Entry> latest(int limit) {
        List<Entry> entries = new ArrayList<>();
        store.scan(COLLECTION, "", (key, value) -> entries.add(StoredJson.decode(value, Entry.class, "audit entry")));
        Collections.reverse(entries);
        return entries.subList(0, Math.min(limit, entries.size()));
    }
}

package ru.berezhno.core.responses;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.audit.AuditLog;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.store.Write;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Batches of anonymous responses that are decided on as a whole (see {@link Batch}): quarantine,
 * where submissions beyond the limits wait, stored durably but counted nowhere, until an
 * administrator accepts them (they then count as if they had come in) or discards them; imports,
 * accepted when made; and voiding, which takes an accepted batch out of every count and export
 * again. Every decision is journaled with its audit entry in one atomic write.
 *
 * <p>Quarantine is bounded so that a flood cannot fill the disk: a batch keeps about
 * {@link #MAX_PER_BATCH} submissions at most, and the held batches of each reason together about
 * {@link #MAX_HELD_PER_REASON} (so that one client's excess cannot crowd out a flood batch, which
 * may hold honest answers); beyond, a submission is answered as usual but not kept, and counted as
 * not kept (durably, a hundred at a time). A decision whose write is not durable in time leaves its
 * batch closed to further decisions until the server restarts and reads what was written.
 */
public final class Batches {
    private static final Logger LOG = LoggerFactory.getLogger(Batches.class);
    static final int MAX_PER_BATCH = 10_000;
    static final int MAX_HELD_PER_REASON = 50_000;
    /** Submissions not kept are written to the store this many at a time. */
    private static final int NOT_KEPT_STEP = 100;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final BatchLedger ledger;
    private final ResponseRepository repository;
    private final DefinitionCatalog definitions;
    private final AuditLog audit;
    private final Clock clock;
    private final ZoneId zone;
    /** The held batch taking submissions, by survey, organisation, period and reason. */
    private final Map<String, String> open = new ConcurrentHashMap<>();
    /** Holds take a batch's read lock while they append; a decision takes its write lock. */
    private final Map<String, ReadWriteLock> locks = new ConcurrentHashMap<>();
    /** Submissions not kept since start, by batch (what the store holds comes on top). */
    private final Map<String, AtomicLong> notKept = new ConcurrentHashMap<>();
    /** Batches whose decision was not durable in time: they take no other until a restart. */
    private final java.util.Set<String> undecided = ConcurrentHashMap.newKeySet();

    /** A batch with how many responses it holds and how many more were not kept. */
    public record Summary(Batch batch, long responses, long notKept) {
    }

    public Batches(BatchLedger ledger, ResponseRepository repository, DefinitionCatalog definitions, AuditLog audit, Clock clock, ZoneId zone) {
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.zone = requireNonNull(zone, "zone is null");
        for (Batch batch : ledger.all()) {
            if (batch.status() == Batch.Status.HELD) {
                open.putIfAbsent(openKey(batch.survey(), batch.organization(), batch.period(), batch.reason()), batch.id());
            }
        }
    }

    /** Holds a submission in quarantine, durably, returning once it is on disk (or it was not kept, over the bounds). */
    public void hold(StoredResponse response, SurveyDefinition definition, Batch.Reason reason) {
        String key = openKey(response.survey(), response.organization(), response.period(), reason);
        while (true) {
            String id = open.get(key);
            if (id == null) {
                id = openBatch(key, response, reason);
            }
            ReadWriteLock lock = lock(id);
            lock.readLock().lock();
            try {
                if (!id.equals(open.get(key))) {
                    continue;
                }
                if (ledger.size(id) >= MAX_PER_BATCH || held(reason) >= MAX_HELD_PER_REASON) {
                    long dropped = notKept.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
                    if (dropped % NOT_KEPT_STEP == 0) {
                        ledger.storeAndWait(List.of(BatchLedger.notKept(id, NOT_KEPT_STEP)), WRITE_TIMEOUT);
                    }
                    if (dropped % 1_000 == 1) {
                        LOG.warn("Quarantine batch {} of {} is full; {} submission(s) answered but not kept", id, response.survey(), dropped);
                    }
                    return;
                }
                repository.insertBatch(id, List.of(response), definition, List.of(), false, WRITE_TIMEOUT);
                return;
            }
            catch (TimeoutException e) {
                throw new ApiException(ErrorCode.UNAVAILABLE, "detail.unavailable");
            }
            finally {
                lock.readLock().unlock();
            }
        }
    }

    /** Makes the held batch for {@code key}, writing its record before any submission goes into it. */
    private synchronized String openBatch(String key, StoredResponse response, Batch.Reason reason) {
        String existing = open.get(key);
        if (existing != null) {
            return existing;
        }
        Batch batch = new Batch(newId("q"), response.survey(), Batch.Kind.QUARANTINE, response.organization(), response.period(), reason,
                Batch.Status.HELD, today(), null, null);
        write(batch, List.of());
        open.put(key, batch.id());
        LOG.warn("Holding submissions to {} for {} in quarantine batch {} ({}): an administrator decides on them", response.survey(),
                response.organization(), batch.id(), reason);
        return batch.id();
    }

    /** Imports responses as one accepted batch, with the audit entry, and returns the batch. */
    public Batch importBatch(List<StoredResponse> responses, SurveyDefinition definition, Principal by) {
        Batch batch = new Batch(newId("i"), definition.id(), Batch.Kind.IMPORT, null, null, null, Batch.Status.ACCEPTED, today(), by.name(),
                clock.instant().toString());
        try {
            repository.insertBatch(batch.id(), responses, definition, List.of(BatchLedger.write(batch),
                    audit.entry(by, "import", batch.id(), Map.of("survey", definition.id(), "responses", responses.size()))), true, WRITE_TIMEOUT);
        }
        catch (TimeoutException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "detail.unavailable");
        }
        ledger.stored(batch);
        return batch;
    }

    /** What an administrator may do to a batch. */
    public enum Decision {
        /** A held batch counts from now on. */
        ACCEPT,
        /** A held batch never counts. */
        DISCARD,
        /** An accepted batch (an import, or accepted quarantine) counts no more. */
        VOID
    }

    /** Decides on a batch, answering 404 for none and 409 when the decision does not fit its status. */
    public Summary decide(String id, Decision decision, Principal by) {
        Batch batch = ledger.find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownBatch", id));
        ReadWriteLock lock = lock(id);
        lock.writeLock().lock();
        try {
            batch = ledger.find(id).orElseThrow();
            Batch.Status from = batch.status();
            if (undecided.contains(id)) {
                // The last decision may still become durable: deciding again could count the batch twice.
                throw new ApiException(ErrorCode.UNAVAILABLE, "detail.unavailable");
            }
            boolean fits = switch (decision) {
                case ACCEPT, DISCARD -> from == Batch.Status.HELD;
                case VOID -> from == Batch.Status.ACCEPTED;
            };
            if (!fits) {
                throw new ApiException(ErrorCode.CONFLICT, "detail.batchDecided", id, from.name().toLowerCase(java.util.Locale.ROOT));
            }
            Batch.Status to = switch (decision) {
                case ACCEPT -> Batch.Status.ACCEPTED;
                case DISCARD -> Batch.Status.DISCARDED;
                case VOID -> Batch.Status.VOIDED;
            };
            Batch decided = batch.decided(to, by.name(), clock.instant().toString());
            long responses = ledger.size(id);
            List<Write> together = List.of(BatchLedger.write(decided), audit.entry(by, decision.name().toLowerCase(java.util.Locale.ROOT), id,
                    Map.of("survey", batch.survey(), "responses", responses, "from", from.name().toLowerCase(java.util.Locale.ROOT))));
            // Held batches take no more submissions once decided: the next one held starts a new batch.
            open.values().remove(id);
            try {
                if (decision == Decision.DISCARD) {
                    ledger.storeAndWait(together, WRITE_TIMEOUT);
                }
                else {
                    repository.recount(id, decision == Decision.ACCEPT ? 1 : -1,
                            response -> definitions.version(response.survey(), response.version()).or(() -> definitions.latest(response.survey())),
                            together, WRITE_TIMEOUT);
                }
            }
            catch (TimeoutException | RuntimeException e) {
                undecided.add(id);
                throw e;
            }
            ledger.stored(decided);
            LOG.info("Batch {} of {} ({} responses) {} by {}", id, batch.survey(), responses, to.name().toLowerCase(java.util.Locale.ROOT), by.name());
            return summary(decided);
        }
        catch (TimeoutException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "detail.unavailable");
        }
        finally {
            lock.writeLock().unlock();
        }
    }

    /** Every batch with its figures, newest first. */
    public List<Summary> list() {
        List<Summary> summaries = new ArrayList<>();
        ledger.all().forEach(batch -> summaries.add(summary(batch)));
        return summaries;
    }

    private Summary summary(Batch batch) {
        AtomicLong dropped = notKept.get(batch.id());
        return new Summary(batch, ledger.size(batch.id()), ledger.notKept(batch.id()) + (dropped == null ? 0 : dropped.get() % NOT_KEPT_STEP));
    }

    /** How many submissions the held batches of one reason keep. */
    private long held(Batch.Reason reason) {
        long held = 0;
        for (String id : open.values()) {
            Batch batch = ledger.find(id).orElse(null);
            if (batch != null && batch.reason() == reason) {
                held += ledger.size(id);
            }
        }
        return held;
    }

    private void write(Batch batch, List<Write> together) {
        List<Write> writes = new ArrayList<>(together);
        writes.add(BatchLedger.write(batch));
        try {
            ledger.storeAndWait(writes, WRITE_TIMEOUT);
        }
        catch (TimeoutException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "detail.unavailable");
        }
        ledger.stored(batch);
    }

    private ReadWriteLock lock(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantReadWriteLock());
    }

    private String today() {
        return LocalDate.now(clock.withZone(zone)).toString();
    }

    private static String openKey(String survey, String organization, String period, Batch.Reason reason) {
        return survey + '\u001f' + organization + '\u001f' + period + '\u001f' + reason;
    }

    /** A batch id: a letter for its kind and 96 random bits in lowercase hex (it names a log file). */
    private static String newId(String kind) {
        byte[] bytes = new byte[12];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(bytes);
        return kind + "-" + HexFormat.of().formatHex(bytes);
    }
}

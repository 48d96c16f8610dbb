package ru.berezhno.core.limits;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * Decides, for each anonymous submission, whether it is taken in or held in quarantine, without
 * keeping anything about who sent it beyond a few minutes of memory:
 * <ul>
 * <li>per client: a token bucket (a rate and a burst) under the client's key, an opaque number the
 * server derives from the address with a keyed hash whose key changes (the address itself never
 * reaches this class). Buckets live in a bounded cache and vanish after a few idle minutes;</li>
 * <li>per organisation of a survey: submissions counted in fixed windows (ten minutes by default);
 * beyond the floor, or ten times the organisation's usual count per window when that is higher, the
 * rest of the window is a flood. The usual count is a moving average of the windows taken in.</li>
 * </ul>
 * Nothing here is stored: a restart forgets every bucket and average.
 */
public final class SubmissionGate {
    /** What becomes of a submission. */
    public enum Verdict {
        ACCEPT, CLIENT_OVER_LIMIT, ORGANISATION_FLOOD
    }

    /** The key of a submission whose client is not known: it has no bucket of its own. */
    public static final long UNKNOWN_CLIENT = 0;
    /** How many clients' buckets are kept at most; beyond, the least recently used go. */
    static final int MAX_CLIENTS = 100_000;
    private static final int MAX_GROUPS = 100_000;
    /** A flood is a window above this many times the organisation's usual count. */
    private static final int FLOOD_FACTOR = 10;
    /** The weight of the last window in the usual count: about a day of ten-minute windows. */
    private static final double USUAL_WEIGHT = 1.0 / 144;

    private final SubmissionLimits limits;
    private final LongSupplier nanos;
    private final Cache<Long, Bucket> clients;
    private final Cache<String, Group> groups;
    private final TimeMeter meter;

    public SubmissionGate(SubmissionLimits limits) {
        this(limits, System::nanoTime);
    }

    /** With a clock of its own, for tests: {@code nanos} as {@link System#nanoTime}. */
    public SubmissionGate(SubmissionLimits limits, LongSupplier nanos) {
        this.limits = requireNonNull(limits, "limits is null");
        this.nanos = requireNonNull(nanos, "nanos is null");
        this.meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanos.getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        Duration idle = limits.enabled() ? limits.clientPeriod().multipliedBy(Math.max(2, limits.clientBurst())).plusMinutes(1) : Duration.ZERO;
        this.clients = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).expireAfterAccess(idle.isZero() ? Duration.ofMinutes(1) : idle)
                .ticker(nanos::getAsLong).build();
        this.groups = Caffeine.newBuilder().maximumSize(MAX_GROUPS).build();
    }

    public SubmissionLimits limits() {
        return limits;
    }

    /** Whether a submission from {@code client} to {@code organization} of {@code survey} is taken in now. */
    public Verdict admit(String survey, String organization, long client) {
        if (!limits.enabled()) {
            return Verdict.ACCEPT;
        }
        boolean clientAllowed = client == UNKNOWN_CLIENT || clients.get(client, key -> newBucket()).tryConsume(1);
        if (!clientAllowed) {
            // Held for its client alone: one script must not make a whole organisation's answers a flood.
            return Verdict.CLIENT_OVER_LIMIT;
        }
        Group group = groups.get(survey + '\u001f' + organization, key -> new Group());
        return group.arrive(nanos.getAsLong()) ? Verdict.ORGANISATION_FLOOD : Verdict.ACCEPT;
    }

    /** How many clients have a bucket now (the memory the limit takes is bounded by {@link #MAX_CLIENTS}). */
    public long clientsTracked() {
        clients.cleanUp();
        return clients.estimatedSize();
    }

    /**
     * A client's bucket: the rate with its burst; half the flood floor within a flood window, so that
     * one client alone never makes an organisation's window a flood (which would hold everyone's
     * answers); and the daily cap.
     */
    private Bucket newBucket() {
        int perWindow = Math.max(1, limits.floodFloor() / 2);
        return Bucket.builder().withCustomTimePrecision(meter)
                .addLimit(Bandwidth.builder().capacity(limits.clientBurst()).refillGreedy(limits.perClient(), limits.clientPeriod()).build())
                .addLimit(Bandwidth.builder().capacity(perWindow).refillIntervally(perWindow, limits.floodWindow()).build())
                .addLimit(Bandwidth.builder().capacity(limits.perClientDaily()).refillIntervally(limits.perClientDaily(), Duration.ofDays(1)).build())
                .build();
    }

    /** The arrivals at one organisation of one survey, window by window. */
    private final class Group {
        private long window = Long.MIN_VALUE;
        private int arrived;
        private boolean flooded;
        private double usual;

        /** Counts an arrival; true when the window is now a flood. */
        synchronized boolean arrive(long now) {
            long current = Math.floorDiv(now, limits.floodWindow().toNanos());
            if (current != window) {
                if (window != Long.MIN_VALUE) {
                    // The window that ended counts with its arrivals, unless it was a flood: a flood must
                    // never teach the rule that floods are usual. Quiet windows since count as none.
                    double ended = flooded ? usual : (1 - USUAL_WEIGHT) * usual + USUAL_WEIGHT * arrived;
                    usual = ended * Math.pow(1 - USUAL_WEIGHT, Math.min(current - window, 10_000) - 1);
                }
                window = current;
                arrived = 0;
                flooded = false;
            }
            arrived++;
            flooded |= arrived > Math.max(limits.floodFloor(), FLOOD_FACTOR * usual);
            return flooded && arrived > Math.max(limits.floodFloor(), FLOOD_FACTOR * usual);
        }
    }
}

package ru.berezhno.core.access;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoreException;
import ru.berezhno.core.store.Write;

/**
 * Bearer tokens. A token is 256 random bits; only its SHA-256 is stored (collection
 * {@code tokens}), so a copy of the data folder gives no usable token. Tokens are cached in memory.
 * Each has an id for administrators to name it by (the first 16 hex digits of its hash, which tell
 * nothing of the token), the day it was issued, optionally the last day it is valid, and the last
 * day it was used (written at most once a day). A revoked token is deleted.
 */
public final class TokenService {
    public static final String COLLECTION = "tokens";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper CODEC = new ObjectMapper();
    private static final String PREFIX = "bz_";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    /** A token as administrators see it: never the token itself. */
    public record Issued(String id, Principal principal, String created, String expires, String lastUsed) {
    }

    private final Store store;
    private final Clock clock;
    private final ZoneId zone;
    /** By hash. */
    private final Map<String, Issued> byHash = new ConcurrentHashMap<>();

    public TokenService(Store store) {
        this(store, Clock.systemUTC(), ZoneId.of("UTC"));
    }

    public TokenService(Store store, Clock clock, ZoneId zone) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.zone = requireNonNull(zone, "zone is null");
        store.scan(COLLECTION, "", (hash, value) -> byHash.put(hash, decode(hash, value)));
    }

    /** Issues a token and returns it; the only time the token itself is known. */
    public String issue(Principal principal) {
        return issue(principal, null);
    }

    /**
     * Issues a token valid up to and including {@code expires} (null: until revoked) and returns
     * it; the only time the token itself is known.
     */
    public String issue(Principal principal, LocalDate expires) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = hash(token);
        Issued issued = new Issued(id(hash), principal, today().toString(), expires == null ? null : expires.toString(), null);
        try {
            store.writeAndWait(List.of(Write.insert(COLLECTION, hash, encode(issued))), WRITE_TIMEOUT);
        }
        catch (TimeoutException e) {
            throw new StoreException("a token was not stored within " + WRITE_TIMEOUT, e);
        }
        byHash.put(hash, issued);
        return token;
    }

    /** The holder of a valid token, or empty; notes the day it was used. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = hash(token);
        Issued issued = byHash.get(hash);
        if (issued == null || expired(issued)) {
            return Optional.empty();
        }
        String day = today().toString();
        if (!day.equals(issued.lastUsed())) {
            Issued used = new Issued(issued.id(), issued.principal(), issued.created(), issued.expires(), day);
            if (byHash.replace(hash, issued, used)) {
                // Once a day per token, and not waited for: the day is a convenience, not a record.
                store.write(List.of(Write.put(COLLECTION, hash, encode(used))));
            }
        }
        return Optional.of(issued.principal());
    }

    /** The id of a token (whether or not it is valid). */
    public static String idOf(String token) {
        return id(hash(token));
    }

    /** Whether the token of this id exists and has not expired. */
    public boolean active(String id) {
        return byHash.values().stream().anyMatch(issued -> issued.id().equals(id) && !expired(issued));
    }

    /** Every token, oldest first. */
    public List<Issued> list() {
        return byHash.values().stream().sorted(java.util.Comparator.comparing((Issued issued) -> String.valueOf(issued.created()))
                .thenComparing(Issued::id)).toList();
    }

    /**
     * Revokes a token by its id: it is deleted, and what it opened (sessions) ends. The last
     * administrator's token is never revoked, lest nobody can administer the platform.
     *
     * @return false when there is no such token
     */
    public boolean revoke(String id) {
        Map.Entry<String, Issued> found = byHash.entrySet().stream().filter(entry -> entry.getValue().id().equals(id)).findFirst().orElse(null);
        if (found == null) {
            return false;
        }
        if (found.getValue().principal().role() == Role.ADMIN
                && byHash.values().stream().filter(issued -> issued.principal().role() == Role.ADMIN && !expired(issued)).count() <= 1) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.lastAdminToken");
        }
        try {
            store.writeAndWait(List.of(Write.delete(COLLECTION, found.getKey())), WRITE_TIMEOUT);
        }
        catch (TimeoutException e) {
            throw new StoreException("a token was not revoked within " + WRITE_TIMEOUT, e);
        }
        byHash.remove(found.getKey());
        return true;
    }

    public boolean hasAny(Role role) {
        return byHash.values().stream().anyMatch(issued -> issued.principal().role() == role && !expired(issued));
    }

    public List<Principal> principals() {
        return byHash.values().stream().map(Issued::principal).toList();
    }

    private boolean expired(Issued issued) {
        return issued.expires() != null && today().isAfter(LocalDate.parse(issued.expires()));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    static String hash(String token) {
        return Sha256.hex(token);
    }

    private static String id(String hash) {
        return hash.substring(0, 16);
    }

    private static byte[] encode(Issued issued) {
        Principal principal = issued.principal();
        Map<String, String> record = new java.util.LinkedHashMap<>();
        record.put("role", principal.role().id());
        record.put("name", principal.name());
        record.put("organization", principal.organization() == null ? "" : principal.organization());
        if (issued.created() != null) {
            record.put("created", issued.created());
        }
        if (issued.expires() != null) {
            record.put("expires", issued.expires());
        }
        if (issued.lastUsed() != null) {
            record.put("lastUsed", issued.lastUsed());
        }
        try {
            return CODEC.writeValueAsBytes(record);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Issued decode(String hash, byte[] value) {
        try {
            Map<?, ?> map = CODEC.readValue(value, Map.class);
            String organization = (String) map.get("organization");
            Principal principal = new Principal(Role.fromId((String) map.get("role")).orElseThrow(), (String) map.get("name"),
                    organization == null || organization.isEmpty() ? null : organization);
            return new Issued(id(hash), principal, (String) map.get("created"), (String) map.get("expires"), (String) map.get("lastUsed"));
        }
        catch (IOException e) {
            throw new UncheckedIOException("a stored token cannot be read", e);
        }
    }
}

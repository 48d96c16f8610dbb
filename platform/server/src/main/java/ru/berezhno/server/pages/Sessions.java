package ru.berezhno.server.pages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.TokenService;

/**
 * Sign-in sessions of the pages: a token entered once gives a random session id, kept by the
 * browser in an HttpOnly, SameSite=Strict cookie (Secure when the public address is HTTPS). The
 * server keeps only the id's SHA-256 with the principal, in memory: a restart signs everyone out.
 * A session ends after eight idle hours, after twelve hours in all, on sign-out, or when the token
 * it was opened with is revoked or expires.
 */
public final class Sessions {
    public static final String COOKIE = "bz_session";
    static final Duration IDLE = Duration.ofHours(8);
    static final Duration LONGEST = Duration.ofHours(12);
    private static final int PURGE_ABOVE = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final TokenService tokens;

    /** A session, and the id of the token it was opened with (null when not opened with a token). */
    private record Session(Principal principal, String token, Instant started, Instant lastUsed) {
    }

    public Sessions(Clock clock, TokenService tokens) {
        this.clock = clock;
        this.tokens = tokens;
    }

    /** Opens a session for a principal and returns its id, to be set as the cookie's value. */
    public String open(Principal principal) {
        return open(principal, null);
    }

    /** Opens a session for the holder of a token: it ends when the token is revoked or expires. */
    public String open(Principal principal, String tokenId) {
        if (sessions.size() > PURGE_ABOVE) {
            Instant now = clock.instant();
            sessions.entrySet().removeIf(entry -> expired(entry.getValue(), now));
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        sessions.put(hash(id), new Session(principal, tokenId, now, now));
        return id;
    }

    /** The principal of a live session, or empty. */
    public Optional<Principal> find(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        String key = hash(id);
        Session session = sessions.get(key);
        Instant now = clock.instant();
        if (session == null) {
            return Optional.empty();
        }
        if (expired(session, now) || (session.token() != null && !tokens.active(session.token()))) {
            sessions.remove(key);
            return Optional.empty();
        }
        sessions.put(key, new Session(session.principal(), session.token(), session.started(), now));
        return Optional.of(session.principal());
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(hash(id));
        }
    }

    private static boolean expired(Session session, Instant now) {
        return now.isAfter(session.lastUsed().plus(IDLE)) || now.isAfter(session.started().plus(LONGEST));
    }

    private static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

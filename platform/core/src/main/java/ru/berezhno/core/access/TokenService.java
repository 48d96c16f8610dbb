package ru.berezhno.core.access;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoreException;
import ru.berezhno.core.store.Write;

/**
 * Bearer tokens. A token is 256 random bits; only its SHA-256 is stored (collection
 * {@code tokens}), so a copy of the data folder gives no usable token. Tokens are cached in memory.
 */
public final class TokenService {
    public static final String COLLECTION = "tokens";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper CODEC = new ObjectMapper();
    private static final String PREFIX = "bz_";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final Store store;
    private final Map<String, Principal> byHash = new ConcurrentHashMap<>();

    public TokenService(Store store) {
        this.store = requireNonNull(store, "store is null");
        store.scan(COLLECTION, "", (hash, value) -> byHash.put(hash, decode(value)));
    }

    /** Issues a token and returns it; the only time the token itself is known. */
    public String issue(Principal principal) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = hash(token);
        try {
            store.writeAndWait(List.of(Write.insert(COLLECTION, hash, encode(principal))), WRITE_TIMEOUT);
        }
        catch (TimeoutException e) {
            throw new StoreException("a token was not stored within " + WRITE_TIMEOUT, e);
        }
        byHash.put(hash, principal);
        return token;
    }

    public Optional<Principal> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(hash(token)));
    }

    public boolean hasAny(Role role) {
        return byHash.values().stream().anyMatch(principal -> principal.role() == role);
    }

    public List<Principal> principals() {
        return new ArrayList<>(byHash.values());
    }

    static String hash(String token) {
        return Sha256.hex(token);
    }

    private static byte[] encode(Principal principal) {
        try {
            return CODEC.writeValueAsBytes(Map.of("role", principal.role().id(), "name", principal.name(),
                    "organization", principal.organization() == null ? "" : principal.organization()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Principal decode(byte[] value) {
        try {
            Map<?, ?> map = CODEC.readValue(value, Map.class);
            String organization = (String) map.get("organization");
            return new Principal(Role.fromId((String) map.get("role")).orElseThrow(), (String) map.get("name"),
                    organization == null || organization.isEmpty() ? null : organization);
        }
        catch (IOException e) {
            throw new UncheckedIOException("a stored token cannot be read", e);
        }
    }
}

package ru.berezhno.server.http;

import static java.util.Objects.requireNonNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.google.common.net.InetAddresses;

import ru.berezhno.core.limits.SubmissionGate;

/**
 * The key under which a client's anonymous submissions are counted: a keyed hash (HMAC-SHA-256) of
 * its address, under a random key that lives only in memory and is replaced every hour, so that no
 * key can be turned back into an address, nor matched with one from another hour, and nothing
 * about addresses is ever written anywhere. An IPv6 client counts by its /64 network (a host has
 * many addresses in its own).
 *
 * <p>Behind a reverse proxy every request comes from the proxy: when the peer is one of the
 * configured trusted proxies, the client is the nearest address in {@code X-Forwarded-For} that
 * is not itself a trusted proxy. Without trusted proxies the header is ignored, so a client cannot
 * name itself anyone.
 */
public final class ClientKeys {
    /** How long one hash key is used. */
    static final Duration ROTATION = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Set<InetAddress> trustedProxies;
    private final LongSupplier nanos;
    private volatile Generation generation;
    private final ThreadLocal<Mac> macs = new ThreadLocal<>();
    private final ThreadLocal<Generation> macGeneration = new ThreadLocal<>();

    private record Generation(long startedNanos, byte[] key) {
    }

    public ClientKeys(List<String> trustedProxies) {
        this(trustedProxies, System::nanoTime);
    }

    ClientKeys(List<String> trustedProxies, LongSupplier nanos) {
        this.trustedProxies = requireNonNull(trustedProxies, "trustedProxies is null").stream().map(ClientKeys::address)
                .collect(Collectors.toUnmodifiableSet());
        this.nanos = requireNonNull(nanos, "nanos is null");
        this.generation = newGeneration();
    }

    /** Parses an address written as an IP literal (never a name: nothing here looks anything up). */
    public static InetAddress address(String text) {
        try {
            return InetAddresses.forString(text.strip());
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
        }
    }

    /**
     * The key of the client of a request from {@code peer} (the connection's remote address) with
     * the given {@code X-Forwarded-For} header (null when absent).
     */
    public long key(String peer, String forwardedFor) {
        InetAddress client = client(peer, forwardedFor);
        if (client == null) {
            return SubmissionGate.UNKNOWN_CLIENT;
        }
        byte[] bytes = client.getAddress();
        if (client instanceof Inet6Address) {
            bytes = Arrays.copyOf(bytes, 8);
        }
        long key = ByteBuffer.wrap(mac().doFinal(bytes)).getLong();
        return key == SubmissionGate.UNKNOWN_CLIENT ? 1 : key;
    }

    private InetAddress client(String peer, String forwardedFor) {
        InetAddress address;
        try {
            address = address(peer);
        }
        catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
        if (trustedProxies.isEmpty() || !trustedProxies.contains(address) || forwardedFor == null) {
            return address;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop;
            try {
                hop = address(hops[i]);
            }
            catch (IllegalArgumentException e) {
                // A hop the proxies did not write: the client is the last address they vouch for.
                return address;
            }
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
            address = hop;
        }
        return address;
    }

    private Mac mac() {
        Generation current = generation;
        if (nanos.getAsLong() - current.startedNanos() > ROTATION.toNanos()) {
            synchronized (this) {
                if (generation == current) {
                    generation = newGeneration();
                }
                current = generation;
            }
        }
        Mac mac = macs.get();
        if (mac == null || macGeneration.get() != current) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(current.key(), "HmacSHA256"));
            }
            catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing", e);
            }
            macs.set(mac);
            macGeneration.set(current);
        }
        return mac;
    }

    private Generation newGeneration() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new Generation(nanos.getAsLong(), key);
    }
}

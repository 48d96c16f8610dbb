package ru.berezhno.server.http;

import static java.util.Objects.requireNonNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.eclipse.jetty.server.Request;

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
    private static final String FORWARDED_FOR = "X-Forwarded-For";

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
     * An address as proxies write it in {@code X-Forwarded-For}: an IP literal, an IPv6 one in
     * brackets, either with a port ({@code 203.0.113.5:41234}, {@code [2001:db8::1]:443}); null for
     * anything else (a name, {@code unknown}, an obfuscated identifier).
     */
    static InetAddress hop(String text) {
        String hop = text.strip();
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            hop = end < 0 ? "" : hop.substring(1, end);
        }
        else if (hop.indexOf(':') == hop.lastIndexOf(':') && hop.indexOf(':') > 0) {
            hop = hop.substring(0, hop.indexOf(':'));
        }
        try {
            return InetAddresses.forString(hop);
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The key of the client of a Jetty request: its connection's peer, and every {@code X-Forwarded-For} line. */
    public long key(Request request) {
        InetAddress peer = request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress socket ? socket.getAddress() : null;
        return key(peer, request.getHeaders().getValuesList(FORWARDED_FOR));
    }

    /**
     * The key of the client of a request from {@code peer} (the connection's remote address, null
     * when unknown) with the given {@code X-Forwarded-For} lines, in the order they came. A peer
     * that cannot be told is counted under one key shared by all such: never unlimited.
     */
    public long key(InetAddress peer, List<String> forwardedFor) {
        InetAddress client = peer == null ? null : client(peer, forwardedFor);
        byte[] bytes;
        if (client == null) {
            bytes = new byte[0];
        }
        else {
            bytes = client.getAddress();
            if (client instanceof Inet6Address) {
                bytes = Arrays.copyOf(bytes, 8);
            }
        }
        long key = ByteBuffer.wrap(mac().doFinal(bytes)).getLong();
        return key == SubmissionGate.UNKNOWN_CLIENT ? 1 : key;
    }

    /** A peer written as text (tests): see {@link #key(InetAddress, List)}. */
    long key(String peer, String forwardedFor) {
        InetAddress address = peer == null ? null : hop(peer);
        return key(address, forwardedFor == null ? List.of() : List.of(forwardedFor));
    }

    private InetAddress client(InetAddress peer, List<String> forwardedFor) {
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer) || forwardedFor.isEmpty()) {
            return peer;
        }
        // Every line, in order, as one list: a proxy may add a line of its own rather than append.
        String[] hops = String.join(",", forwardedFor).split(",");
        InetAddress address = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = hop(hops[i]);
            if (hop == null) {
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

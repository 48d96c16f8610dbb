package ru.berezhno.server.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Two limits on connections that Jetty's own do not cover, added to the connector as a listener:
 * one address holds at most {@code perAddress} connections at once (the rest are closed as they
 * open), so that one host cannot take every connection the server allows; and a connection must
 * deliver its first request's headers within {@code firstRequestMillis}, since every byte resets
 * the idle timeout and a client could otherwise trickle headers for ever. The addresses are held
 * in memory only while their connections are open, and are never written anywhere.
 */
public final class ConnectionGuard implements Connection.Listener {
    private final int perAddress;
    private final long firstRequestMillis;
    private final Scheduler scheduler;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    /** The address of each connection let in, taken when it opened: a closed socket no longer tells. */
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();

    public ConnectionGuard(int perAddress, long firstRequestMillis, Scheduler scheduler) {
        if (perAddress < 1 || firstRequestMillis < 1) {
            throw new IllegalArgumentException("the limits must be positive");
        }
        this.perAddress = perAddress;
        this.firstRequestMillis = firstRequestMillis;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        InetAddress address = endPoint.getRemoteSocketAddress() instanceof InetSocketAddress socket ? socket.getAddress() : null;
        if (address != null) {
            AtomicInteger count = open.computeIfAbsent(address, key -> new AtomicInteger());
            if (count.incrementAndGet() > perAddress) {
                release(address);
                endPoint.close();
                return;
            }
            counted.put(connection, address);
        }
        scheduler.schedule(() -> {
            if (endPoint.isOpen() && connection.getMessagesIn() == 0) {
                endPoint.close();
            }
        }, firstRequestMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
        // Only connections that were let in count: one closed at once was never counted.
        InetAddress address = counted.remove(connection);
        if (address != null) {
            release(address);
        }
    }

    private void release(InetAddress address) {
        open.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** How many addresses have connections open now. */
    int addresses() {
        return open.size();
    }
}

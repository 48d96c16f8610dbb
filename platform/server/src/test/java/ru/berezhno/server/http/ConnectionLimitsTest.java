package ru.berezhno.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The limits on connections and bodies, on a real Jetty with small numbers: one address holds only
 * so many connections, a first request's headers must come in time, and a body must be whole by its
 * deadline even when it keeps the minimum rate.
 */
class ConnectionLimitsTest {
    private Server server;
    private int port;

    private void start(int perAddress, long firstRequestMillis, long deadlineMillis) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        connector.addBean(new ConnectionGuard(perAddress, firstRequestMillis, connector.getScheduler()));
        Handler answer = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.consumeAll(request);
                response.setStatus(200);
                response.write(true, java.nio.ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        };
        EagerContentHandler eager = new EagerContentHandler(answer, new EagerContentHandler.RetainedContentLoaderFactory(64 * 1024, 0, false));
        server.setHandler(new MinimumDataRateHandler(eager, 10, 100, deadlineMillis, 64 * 1024));
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void oneAddressHoldsOnlySoManyConnections() throws Exception {
        start(3, 60_000, 60_000);
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(connect());
        }
        // Jetty may open the four in any order: whichever comes fourth is closed, the other three stay.
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<Socket> closed = new ArrayList<>();
        while (closed.isEmpty() && System.nanoTime() < deadline) {
            held.stream().filter(socket -> closedWithin(socket, 100)).forEach(closed::add);
        }
        assertThat(closed).as("one of four connections from one address is closed").hasSize(1);
        held.removeAll(closed);
        closed.get(0).close();
        assertThat(held.stream().filter(socket -> !closedWithin(socket, 300)).count()).as("the other three stay open").isEqualTo(3);
        held.get(0).close();
        Thread.sleep(300);
        try (Socket again = connect()) {
            again.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(again.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).as("room again once one closed")
                    .isEqualTo("HTTP/1.1 200");
        }
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void headersTrickledByteByByteAreCutOffAtTheFirstRequestsDeadline() throws Exception {
        start(100, 1_000, 60_000);
        try (Socket socket = connect()) {
            long started = System.nanoTime();
            byte[] request = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            boolean closed = false;
            for (int i = 0; i < request.length && !closed; i++) {
                try {
                    socket.getOutputStream().write(request[i]);
                    socket.getOutputStream().flush();
                }
                catch (IOException e) {
                    closed = true;
                }
                closed |= closedWithin(socket, 100);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(closed).as("the connection was closed before its headers were whole").isTrue();
            assertThat(millis).isBetween(900L, 5_000L);
        }
    }

    @Test
    void aBodyKeepingTheRateIsStillCutOffAtItsDeadline() throws Exception {
        start(100, 60_000, 1_500);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            boolean closed = false;
            // 50 bytes a second: five times the minimum rate, but 2,000 bytes would take 40 s.
            for (int i = 0; i < 40 && !closed; i++) {
                try {
                    socket.getOutputStream().write("a".repeat(5).getBytes(StandardCharsets.US_ASCII));
                }
                catch (IOException e) {
                    closed = true;
                }
                closed |= closedWithin(socket, 100);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(closed).isTrue();
            assertThat(millis).as("cut at the deadline of 1.5 s, checked once a second").isBetween(1_400L, 4_000L);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Whether the server closed the connection (end of stream or a reset) within the time. */
    private static boolean closedWithin(Socket socket, int millis) {
        try {
            socket.setSoTimeout(millis);
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        }
        catch (SocketTimeoutException e) {
            return false;
        }
        catch (IOException e) {
            return true;
        }
    }
}

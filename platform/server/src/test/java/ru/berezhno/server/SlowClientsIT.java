package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred connections that send a submission's headers and then trickle its body must not
 * hold every thread: normal submissions keep being answered. Those that send a byte at a time are
 * cut off long before they finish; those that keep just above the minimum rate, in tiny pieces, are
 * read without a thread until their body is whole.
 */
class SlowClientsIT {
    /** Byte by byte. */
    private static final int TRICKLERS = 20;
    /** Just above the minimum rate: more than the server has threads (200); with the others fewer than one address may hold (256). */
    private static final int STEADY = 220;

    @TempDir
    Path data;

    @Test
    void connectionsTricklingBytesAreCutOffAndNormalSubmissionsKeepBeingAnswered() throws Exception {
        try (TestServer server = TestServer.start(data)) {
            List<Socket> tricklers = new ArrayList<>();
            try {
                for (int i = 0; i < TRICKLERS; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", server.uri("/").getPort()), 2_000);
                    socket.setSoTimeout(100);
                    OutputStream out = socket.getOutputStream();
                    String path = i % 2 == 0 ? "/api/v1/surveys/citizen-satisfaction/responses" : "/s/citizen-satisfaction";
                    String type = i % 2 == 0 ? "application/json" : "application/x-www-form-urlencoded";
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type + "\r\nContent-Length: 60000\r\n\r\n{")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    tricklers.add(socket);
                }
                // Above the minimum rate: 300 bytes a second each, in pieces of 30, for a 60,000-byte body.
                List<Socket> steady = new ArrayList<>();
                for (int i = 0; i < STEADY; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", server.uri("/").getPort()), 2_000);
                    socket.setTcpNoDelay(true);
                    socket.getOutputStream().write(("POST /s/citizen-satisfaction HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    steady.add(socket);
                }
                tricklers.addAll(steady);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
                int answered = 0;
                while (System.nanoTime() < deadline) {
                    for (Socket socket : tricklers.subList(0, TRICKLERS)) {
                        trickle(socket);
                    }
                    byte[] piece = "a".repeat(30).getBytes(StandardCharsets.US_ASCII);
                    for (int burst = 0; burst < 2; burst++) {
                        for (Socket socket : steady) {
                            try {
                                socket.getOutputStream().write(piece);
                                socket.getOutputStream().flush();
                            }
                            catch (IOException e) {
                                // closed by the server
                            }
                        }
                    }
                    long started = System.nanoTime();
                    ServerClient.Reply reply = server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json",
                            ApiIT.citizen("uer", 4, 9), null);
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    assertThat(reply.status()).as("a normal submission while %d connections trickle", TRICKLERS + STEADY).isEqualTo(201);
                    assertThat(millis).as("a normal submission is answered at once, not after a trickler lets a thread go").isLessThan(2_000);
                    answered++;
                    Thread.sleep(200);
                }
                long closed = tricklers.subList(0, TRICKLERS).stream().filter(SlowClientsIT::closedByServer).count();
                assertThat(closed).as("tricklers cut off by the server within 12 s (the idle timeout alone would take 20 s per byte gap)")
                        .isEqualTo(TRICKLERS);
                assertThat(answered).isGreaterThan(20);
            }
            finally {
                for (Socket socket : tricklers) {
                    socket.close();
                }
            }
        }
    }

    private static void trickle(Socket socket) {
        try {
            socket.getOutputStream().write('"');
            socket.getOutputStream().flush();
        }
        catch (IOException e) {
            // closed by the server: what the test wants
        }
    }

    /** Whether the server answered (a 408) or closed the connection. */
    private static boolean closedByServer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[512];
            int read = in.read(buffer);
            return read != 0;
        }
        catch (java.net.SocketTimeoutException e) {
            return false;
        }
        catch (IOException e) {
            return true;
        }
    }
}

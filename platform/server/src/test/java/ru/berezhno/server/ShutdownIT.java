package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM drains: the server stops taking connections, finishes the requests under way (here one
 * whose body is still arriving when the signal comes), closes the store and exits with the JVM's
 * status for SIGTERM (143, which the systemd unit declares a success). Every acknowledged answer
 * is there after the restart, and the store opens without replaying anything.
 */
class ShutdownIT {
    @TempDir
    Path work;

    @Test
    void sigtermFinishesTheRequestsUnderWayAndExitsCleanly() throws Exception {
        Path data = work.resolve("data");
        String definitions = TestServer.DEFINITIONS.toString();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        String reply;
        int status;
        try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", definitions, "--rate-limit", "off")) {
            try (BackupIT.Load load = new BackupIT.Load(server, 4, acknowledged)) {
                load.awaitAcknowledged(300);
                byte[] body = ApiIT.citizen("uer", 5, 10).getBytes(StandardCharsets.UTF_8);
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    socket.setSoTimeout(30_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /api/v1/surveys/citizen-satisfaction/responses HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    Thread.sleep(300);
                    server.terminate();
                    Thread.sleep(700);
                    out.write(body, body.length / 2, body.length - body.length / 2);
                    out.flush();
                    InputStream in = socket.getInputStream();
                    reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            status = server.awaitExit(40);
            assertThat(server.log()).contains("Stopped in").doesNotContain("ERROR").doesNotContain("cut off");
        }
        assertThat(reply).as("the request under way when SIGTERM came is answered").startsWith("HTTP/1.1 201");
        assertThat(status).as("the JVM's exit status for SIGTERM after a clean stop").isEqualTo(143);
        String id = reply.replaceAll("(?s).*\"id\":\"([A-Za-z0-9_-]+)\".*", "$1");
        acknowledged.add(id);
        try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", definitions, "--rate-limit", "off")) {
            assertThat(server.log()).as("a clean stop leaves nothing to replay").doesNotContain("Replayed");
            server.stop();
        }
        assertThat(BackupIT.citizenIds(data)).containsAll(acknowledged);
    }
}

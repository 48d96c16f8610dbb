package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, for real: the data folder on a tmpfs of 128 MiB (mounting one needs root, which CI
 * has; elsewhere the test is skipped, saying so), filled up by a file beside it while the server
 * runs. Answers are refused with 503 and a problem that says why, nothing acknowledged is lost,
 * and once the file is removed the server takes answers again by itself, without a restart.
 */
class DiskFullIT {
    private static final String CITIZENS = "/api/v1/surveys/citizen-satisfaction/responses";

    @TempDir
    Path work;

    @Test
    void aFullDiskRefusesAnswersWith503AndTheServerTakesThemAgainOnceSpaceIsFreed() throws Exception {
        Path disk = Files.createDirectories(work.resolve("disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=128m", "tmpfs", disk.toString()) == 0,
                "mounting a tmpfs needs root (CI runs as root)");
        try {
            Path data = disk.resolve("data");
            Set<String> acknowledged = new HashSet<>();
            try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", TestServer.DEFINITIONS.toString(), "--rate-limit", "off",
                    "--min-free-disk-mb", "40")) {
                for (int i = 0; i < 50; i++) {
                    acknowledged.add(submit(server, 201));
                }
                Path filler = disk.resolve("filler");
                fillLeaving(filler, 20L * 1024 * 1024);

                ServerClient.Reply refused = server.post(CITIZENS, "application/json", ApiIT.citizen("uer", 3, 7), null);
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.contentType()).isEqualTo("application/problem+json");
                assertThat(refused.json().get("detail").asText()).contains("закончилось место на диске");
                ServerClient.Reply ready = server.get("/ready", null);
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().get("problem").asText()).contains("disk is full");
                assertThat(server.get("/health", null).status()).as("alive all the same: no restart is needed").isEqualTo(200);

                Files.delete(filler);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                int status;
                do {
                    Thread.sleep(100);
                    ServerClient.Reply again = server.post(CITIZENS, "application/json", ApiIT.citizen("uer", 5, 10), null);
                    status = again.status();
                    if (status == 201) {
                        acknowledged.add(again.json().get("id").asText());
                    }
                }
                while (status != 201 && System.nanoTime() < deadline);
                assertThat(status).as("answers are taken again once space is freed, without a restart").isEqualTo(201);
                for (int i = 0; i < 20; i++) {
                    acknowledged.add(submit(server, 201));
                }
                assertThat(server.get("/ready", null).status()).isEqualTo(200);
                assertThat(server.log()).contains("(nearly) full").contains("has room again");
                server.stop();
            }
            assertThat(BackupIT.citizenIds(data)).as("every acknowledged answer is there").containsAll(acknowledged).hasSize(acknowledged.size());
        }
        finally {
            run("umount", disk.toString());
        }
    }

    private static String submit(ServerClient server, int expected) throws Exception {
        ServerClient.Reply reply = server.post(CITIZENS, "application/json", ApiIT.citizen("education", 4, 9), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(expected);
        return reply.json().get("id").asText();
    }

    /** Writes a file until only {@code left} bytes of its file system are free. */
    private static void fillLeaving(Path file, long left) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(1 << 20);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (Files.getFileStore(file).getUsableSpace() > left + block.capacity()) {
                block.clear();
                out.write(block);
            }
            out.force(true);
        }
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}

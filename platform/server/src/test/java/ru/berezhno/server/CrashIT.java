package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.core.results.ResponseCounts;
import ru.berezhno.storage.MapDbStore;

/**
 * A 201 means the response is on disk. The real server runs as a child process; several threads
 * submit while it is killed with SIGKILL at random moments, many times over; every response that
 * was acknowledged must be there afterwards, and the store must open normally.
 */
class CrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CYCLES = Integer.getInteger("crash.cycles", 30);
    private static final int THREADS = 4;
    private static final Pattern ID = Pattern.compile("\"id\":\"([A-Za-z0-9_-]+)\"");

    @TempDir
    Path work;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyAcknowledgedResponseSurvivesRepeatedKillNine() throws Exception {
        Path data = work.resolve("data");
        Path log = work.resolve("server.log");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Random random = new Random(20221128L);
        AtomicLong refused = new AtomicLong();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            int port = freePort();
            Process server = startServer(data, port, log);
            awaitHealthy(port, server);
            if (cycle == 0) {
                assertSecondProcessIsRefused(data, log);
            }
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Thread thread = new Thread(() -> submitUntilStopped(port, running, acknowledged, refused), "submitter-" + t);
                thread.start();
                submitters.add(thread);
            }
            Thread.sleep(100 + random.nextInt(1400));
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            running.set(false);
            for (Thread thread : submitters) {
                thread.join();
            }
        }
        // A last run, stopped cleanly (SIGTERM), after which the store must open without any rebuild.
        int port = freePort();
        Process server = startServer(data, port, log);
        awaitHealthy(port, server);
        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

        String serverLog = Files.readString(log);
        long rebuilds = serverLog.lines().filter(line -> line.contains("rebuilding it from the journal")).count();
        long tornTails = serverLog.lines().filter(line -> line.contains("unfinished record")).count();
        System.out.printf("crash test: %d kill -9 cycles, %d acknowledged responses, %d MapDB rebuilds from the journal, "
                + "%d torn journal tails cut off, %d requests failed by the kills%n", CYCLES, acknowledged.size(), rebuilds, tornTails, refused.get());
        assertThat(acknowledged).as("the submitters got responses acknowledged").hasSizeGreaterThan(CYCLES);
        assertThat(serverLog).doesNotContain("ERROR");

        try (MapDbStore store = MapDbStore.open(data)) {
            assertThat(store.rebuiltOnOpen()).as("after a clean stop the store opens as it is").isFalse();
            List<String> stored = new ArrayList<>();
            store.scanLog(ResponseRepository.COLLECTION, "citizen-satisfaction", value -> {
                String json = new String(value, java.nio.charset.StandardCharsets.UTF_8);
                assertThat(json).as("every stored record is whole").startsWith("{").endsWith("}");
                try {
                    stored.add(JSON.readTree(value).get("id").asText());
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(stored).as("no response is stored twice, however often the journal was replayed").doesNotHaveDuplicates();
            assertThat(stored).as("acknowledged responses missing after kill -9").containsAll(acknowledged);
            assertThat(store.logSize(ResponseRepository.COLLECTION, "citizen-satisfaction")).isEqualTo(stored.size());
            long counted = ResponseCounts.load(store).read("citizen-satisfaction",
                    groups -> groups.values().stream().mapToLong(ResponseCounts.GroupCounts::responses).sum());
            assertThat(counted).as("the counts, derived again on every replay, match the responses stored")
                    .isEqualTo(stored.size());
        }
    }

    private void submitUntilStopped(int port, AtomicBoolean running, Set<String> acknowledged, AtomicLong refused) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/surveys/citizen-satisfaction/responses"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(ApiIT.citizen("uer", 4, 9))).build();
        while (running.get()) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201) {
                    Matcher matcher = ID.matcher(response.body());
                    if (matcher.find()) {
                        acknowledged.add(matcher.group(1));
                    }
                }
                else {
                    refused.incrementAndGet();
                }
            }
            catch (IOException e) {
                refused.incrementAndGet();
                if (!running.get()) {
                    return;
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void assertSecondProcessIsRefused(Path data, Path log) throws Exception {
        Process second = new ProcessBuilder(command(data, freePort())).redirectErrorStream(true).start();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("a second server on the same data folder stops by itself").isTrue();
        String output = new String(second.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(output).contains("is in use by another Berezhno process");
    }

    private static Process startServer(Path data, int port, Path log) throws IOException {
        return new ProcessBuilder(command(data, port)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static List<String> command(Path data, int port) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--data", data.toString(), "--definitions", TestServer.DEFINITIONS.toString(), "--rate-limit", "off");
    }

    private void awaitHealthy(int port, Process server) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the server exited with " + server.exitValue() + " during start-up");
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            }
            catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not become healthy within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String classPathSeparator() {
        return File.pathSeparator;
    }
}

package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an IT department watches: {@code /metrics} in Prometheus's format with requests by route
 * template, the journal, the responses per survey (never per organisation), the JVM and the disk;
 * {@code /ready} apart from {@code /health}, down when the disk is nearly full; and a JSON log that
 * holds no token, no answer and no client address.
 */
class MonitoringIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CITIZENS = "/api/v1/surveys/citizen-satisfaction/responses";

    @TempDir
    Path work;

    @Test
    void metricsShowRoutesTheJournalAndSurveysButNoOrganisationAndTheJsonLogHoldsNoSecret() throws Exception {
        Path data = work.resolve("data");
        String secretAnswer = "Мой сосед Иванов всегда опаздывает";
        try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", TestServer.DEFINITIONS.toString(), "--rate-limit", "off",
                "--log-format", "json")) {
            for (int i = 0; i < 5; i++) {
                String body = ApiIT.citizen("uer", 4, 9).replace("\"overall\"", "\"comment\": \"" + secretAnswer + "\", \"overall\"");
                assertThat(server.post(CITIZENS, "application/json", body, null).status()).isEqualTo(201);
            }
            assertThat(server.post(CITIZENS, "application/json", "{\"organization\": \"nowhere\", \"answers\": {}}", null).status())
                    .isEqualTo(400);
            assertThat(server.get("/api/v1/surveys/citizen-satisfaction/results", server.adminToken()).status()).isEqualTo(200);
            ServerClient.Reply metrics = server.get("/metrics", null);
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.contentType()).startsWith("text/plain");
            String text = metrics.body();
            assertThat(text).contains("jetty_server_requests_seconds_bucket{").contains("route=\"/api/v1/surveys/{id}/responses\"")
                    .contains("route=\"/api/v1/surveys/{id}/results\"").contains("status=\"201\"").contains("status=\"400\"")
                    .contains("berezhno_journal_fsync_seconds_bucket").contains("berezhno_journal_batch_size_bucket")
                    .contains("berezhno_responses_accepted_total{survey=\"citizen-satisfaction\"} 5.0")
                    .contains("berezhno_responses_quarantined{survey=\"citizen-satisfaction\"} 0.0")
                    .contains("berezhno_store_failed 0.0").contains("jvm_memory_used_bytes").contains("disk_free_bytes")
                    .contains("jetty_threads_busy");
            List<String> series = text.lines().filter(line -> !line.startsWith("#")).toList();
            assertThat(series).as("no series names an organisation").noneMatch(line -> line.contains("uer") || line.contains("organization"));
            assertThat(series).as("routes are templates, never a path with an id").noneMatch(line -> line.contains("citizen-satisfaction/"));
            server.stop();
            String log = server.log();
            assertThat(log.lines()).isNotEmpty().allSatisfy(line -> assertThat(JSON.readTree(line).get("message")).isNotNull());
            assertThat(log).doesNotContain(server.adminToken()).doesNotContain(secretAnswer).doesNotContain("Иванов");
            assertThat(log.lines().filter(line -> line.contains("127.0.0.1")))
                    .as("no client address: the only address is the one the server listens on").allMatch(line -> line.contains("listening on"));
        }
    }

    @Test
    void readinessNeedsRoomOnTheDiskWhileLivenessDoesNot() throws Exception {
        try (TestServer server = TestServer.start(work.resolve("data"), Clock.systemUTC(), TestServer.DEFINITIONS,
                settings -> settings.toBuilder().minimumFreeDiskMegabytes(Integer.MAX_VALUE).build())) {
            assertThat(server.get("/health", null).status()).isEqualTo(200);
            ServerClient.Reply ready = server.get("/ready", null);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("problem").asText()).contains("MiB free").contains("--min-free-disk-mb");
        }
        try (TestServer server = TestServer.start(work.resolve("data"))) {
            assertThat(server.get("/ready", null).status()).as("the default 512 MiB are free here").isEqualTo(200);
        }
    }
}

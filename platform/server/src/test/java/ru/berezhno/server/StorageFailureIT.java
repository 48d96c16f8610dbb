package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that fails does not turn the platform quietly read-only: {@code /health} and
 * {@code /ready} answer 503 and say what to do, a respondent's page says the answer was not
 * saved, and after the cause is removed a restart takes answers again, with nothing refused
 * coming back.
 */
class StorageFailureIT {
    @TempDir
    Path data;

    @Test
    void aStorageFailureIsReportedByHealthAndReadyAndTheRespondentIsToldTheAnswerWasNotSaved() throws Exception {
        // A file where the folder of the response logs goes: the first anonymous answer cannot be written.
        Files.createDirectories(data.resolve("logs"));
        Files.writeString(data.resolve("logs/responses"), "in the way");
        try (TestServer server = TestServer.start(data)) {
            assertThat(server.get("/health", null).status()).isEqualTo(200);
            assertThat(server.get("/ready", null).body()).isEqualTo("{\"status\":\"up\"}");

            FormSession browser = new FormSession(server);
            HttpResponse<String> refused = browser.post("/s/citizen-satisfaction", browser.citizenForm("uer", 4));
            assertThat(refused.statusCode()).isEqualTo(500);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            String correlationId = refused.headers().firstValue("X-Correlation-Id").orElseThrow();
            assertThat(refused.body()).contains("Ваш ответ не сохранён").contains(correlationId);

            assertThat(server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", ApiIT.citizen("uer", 4, 9), null)
                    .contentType()).as("the API keeps its problem body").isEqualTo("application/problem+json");
            for (String path : new String[] {"/health", "/ready"}) {
                ServerClient.Reply health = server.get(path, null);
                assertThat(health.status()).as(path).isEqualTo(503);
                assertThat(health.json().get("status").asText()).isEqualTo("down");
                assertThat(health.json().get("action").asText()).contains("restart");
            }
        }
        Files.delete(data.resolve("logs/responses"));
        try (TestServer server = TestServer.start(data)) {
            assertThat(server.get("/ready", null).status()).isEqualTo(200);
            assertThat(server.storedResponses()).as("what was refused was not saved, and no restart brings it back").isZero();
            assertThat(server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", ApiIT.citizen("uer", 4, 9), null)
                    .status()).isEqualTo(201);
        }
    }
}

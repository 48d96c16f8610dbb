package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.testing.SettableClock;

/**
 * Tokens are listed (never the secret), given an expiry, and revoked; a revoked or expired token
 * signs nobody in, and the sessions it opened end with it.
 */
class TokensIT {
    private static final String TOKENS = "/api/v1/tokens";

    @TempDir
    Path data;
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T03:00:00Z"));
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data, clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void tokensAreListedWithoutTheirSecretAndRevokingOneEndsItsSessions() throws Exception {
        ServerClient.Reply issued = server.post(TOKENS, "application/json", "{\"role\": \"analyst\", \"name\": \"Аналитик УЭР\"}", server.adminToken());
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.json().get("token").asText();
        String id = issued.json().get("id").asText();
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(server.get("/api/v1/surveys/citizen-satisfaction/results", token).status()).isEqualTo(200);

        ServerClient.Reply list = server.get(TOKENS, server.adminToken());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).as("no secret is ever listed").doesNotContain(token).doesNotContain(token.substring(3, 20));
        JsonNode analyst = null;
        for (JsonNode entry : list.json()) {
            if (entry.get("id").asText().equals(id)) {
                analyst = entry;
            }
        }
        assertThat(analyst).isNotNull();
        assertThat(analyst.get("name").asText()).isEqualTo("Аналитик УЭР");
        assertThat(analyst.get("role").asText()).isEqualTo("analyst");
        assertThat(analyst.get("created").asText()).isEqualTo("2026-12-01");
        assertThat(analyst.get("lastUsed").asText()).as("the day it was last used").isEqualTo("2026-12-01");
        assertThat(server.get(TOKENS, token).status()).as("administrators only").isEqualTo(403);

        FormSession browser = new FormSession(server);
        String csrf = FormSession.hidden(browser.get("/signin").body(), "csrf");
        assertThat(browser.post("/signin", Map.of("token", token, "csrf", csrf)).statusCode()).isEqualTo(303);
        assertThat(browser.get("/dashboard").statusCode()).as("signed in").isEqualTo(200);

        assertThat(server.send(java.net.http.HttpRequest.newBuilder(server.uri(TOKENS + "/" + id)).DELETE()
                .header("Authorization", "Bearer " + server.adminToken()).build()).status()).isEqualTo(204);
        assertThat(server.get("/api/v1/surveys/citizen-satisfaction/results", token).status()).as("revoked").isEqualTo(401);
        assertThat(browser.get("/dashboard").statusCode()).as("its session ended: to sign-in again").isEqualTo(303);
        assertThat(server.send(java.net.http.HttpRequest.newBuilder(server.uri(TOKENS + "/" + id)).DELETE()
                .header("Authorization", "Bearer " + server.adminToken()).build()).status()).isEqualTo(404);
        String adminId = server.get(TOKENS, server.adminToken()).json().get(0).get("id").asText();
        assertThat(server.send(java.net.http.HttpRequest.newBuilder(server.uri(TOKENS + "/" + adminId)).DELETE()
                .header("Authorization", "Bearer " + server.adminToken()).build()).status()).as("never the last administrator's").isEqualTo(409);
    }

    @Test
    void aTokenGivenAnExpiryStopsWorkingAfterItsLastDay() throws Exception {
        ServerClient.Reply bad = server.post(TOKENS, "application/json", "{\"role\": \"auditor\", \"name\": \"Аудитор\", \"expires\": \"2026-11-30\"}",
                server.adminToken());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).containsExactly("expires");
        String token = server.post(TOKENS, "application/json", "{\"role\": \"auditor\", \"name\": \"Аудитор\", \"expires\": \"2026-12-31\"}",
                server.adminToken()).json().get("token").asText();
        assertThat(server.get("/api/v1/actions", token).status()).isEqualTo(200);
        clock.set(Instant.parse("2026-12-31T12:00:00Z"));
        assertThat(server.get("/api/v1/actions", token).status()).as("on its last day").isEqualTo(200);
        clock.set(Instant.parse("2026-12-31T12:00:00Z").plus(Duration.ofDays(1)));
        assertThat(server.get("/api/v1/actions", token).status()).as("the day after").isEqualTo(401);
    }
}

package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * MapDB's file deleted or cut in half: the server rebuilds it from the journal and keeps
 * everything, the invitation codes used included (kept apart from the journal, so that it never
 * lines a code up with an answer).
 */
class RebuildIT {
    private static final String STAFF = "/api/v1/surveys/culture-self-diagnosis";

    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = {"deleted", "truncated"})
    void aLostOrTruncatedMapDbFileIsRebuiltWithEverythingTheUsedCodesIncluded(String damage) throws Exception {
        String code;
        String unused;
        String audit;
        String results;
        try (TestServer server = TestServer.start(data)) {
            for (int i = 0; i < 12; i++) {
                assertThat(server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json",
                        ApiIT.citizen(i % 2 == 0 ? "uer" : "education", 1 + i % 5, i % 11), null).status()).isEqualTo(201);
            }
            assertThat(server.post(STAFF + "/rounds", "application/json", "{\"id\": \"2026-H2\"}", server.adminToken()).status()).isEqualTo(201);
            JsonNode codes = server.post(STAFF + "/invitations", "application/json", "{\"organization\": \"uer\", \"count\": 2}",
                    server.adminToken()).json().get("codes");
            code = codes.get(0).asText();
            unused = codes.get(1).asText();
            assertThat(server.post(STAFF + "/responses", "application/json", ReadmeCommandIT.staffAnswer(server, code), null).status()).isEqualTo(201);
            audit = server.post("/api/v1/surveys/five-s-office-audit/responses", "application/json", FiveSAuditIT.workedAudit(),
                    server.token("auditor", null)).json().get("id").asText();
            results = server.get("/api/v1/surveys/citizen-satisfaction/results?groupBy=organization", server.adminToken()).body();
        }
        Path store = data.resolve("mapdb/store.db");
        if (damage.equals("deleted")) {
            Files.delete(store);
        }
        else {
            try (RandomAccessFile file = new RandomAccessFile(store.toFile(), "rw")) {
                file.setLength(file.length() / 2);
            }
        }
        try (TestServer server = TestServer.start(data)) {
            assertThat(server.get("/api/v1/surveys/citizen-satisfaction/results?groupBy=organization", server.adminToken()).body())
                    .isEqualTo(results);
            assertThat(server.get("/api/v1/surveys/five-s-office-audit/responses/" + audit, server.adminToken()).status()).isEqualTo(200);
            assertThat(server.post(STAFF + "/responses", "application/json", ReadmeCommandIT.staffAnswer(server, code), null).status())
                    .as("the used code stays used after the rebuild").isEqualTo(409);
            assertThat(server.post(STAFF + "/responses", "application/json", ReadmeCommandIT.staffAnswer(server, unused), null).status()).isEqualTo(201);
            assertThat(server.platform().repository().count("culture-self-diagnosis")).isEqualTo(2);
        }
    }
}

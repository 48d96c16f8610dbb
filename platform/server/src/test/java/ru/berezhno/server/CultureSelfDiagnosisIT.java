package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The self-diagnosis through the real server: scale indices and α come out of the counts. */
class CultureSelfDiagnosisIT {
    private static final String SUBMIT = "/api/v1/surveys/culture-self-diagnosis/responses";
    private static final String ROUNDS = "/api/v1/surveys/culture-self-diagnosis/rounds";

    @TempDir
    Path data;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Every scale item answered {@code agree}, reverse-keyed ones {@code 6 − agree}, except the planning items given. */
    private String response(int agree, int[] planningKeyed, String losses) throws Exception {
        JsonNode definition = server.get("/api/v1/surveys/culture-self-diagnosis", null).json();
        StringBuilder answers = new StringBuilder();
        for (JsonNode section : definition.get("sections")) {
            int index = 0;
            for (JsonNode question : section.get("questions")) {
                if (!question.get("type").asText().equals("scale")) {
                    continue;
                }
                int keyed = section.get("id").asText().equals("planning") ? planningKeyed[index++] : agree;
                int raw = question.path("reverse").asBoolean() ? 6 - keyed : keyed;
                answers.append(answers.length() == 0 ? "" : ",").append('"').append(question.get("id").asText()).append("\":").append(raw);
            }
        }
        return "{\"organization\":\"education\",\"answers\":{" + answers + ",\"losses\":" + losses + "}}";
    }

    @Test
    void staffAnswersGiveScaleMeansAlphaAndLossSharesThroughTheCounts() throws Exception {
        int[][] planning = {{4, 5, 4, 5}, {3, 3, 2, 2}, {5, 5, 5, 4}, {2, 3, 3, 3}, {4, 4, 5, 4}};
        assertThat(server.post(SUBMIT, "application/json", response(4, planning[0], "[]"), null).status())
                .as("staff surveys are not open to anonymous callers").isEqualTo(401);
        assertThat(server.post(SUBMIT, "application/json", response(4, planning[0], "[]"), server.adminToken()).status())
                .as("no round is open").isEqualTo(409);
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H2\"}", server.adminToken()).status()).isEqualTo(201);
        for (int i = 0; i < planning.length; i++) {
            TestServer.Reply reply = server.post(SUBMIT, "application/json", response(4, planning[i], i < 3 ? "[\"waiting\"]" : "[]"),
                    server.adminToken());
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            assertThat(reply.json().get("scores").get("scale.leadership").asDouble()).isEqualTo(4.0);
        }
        JsonNode group = server.get("/api/v1/surveys/culture-self-diagnosis/results?organization=education&period=2026-H2", server.adminToken())
                .json().get("groups").get(0);
        assertThat(group.get("period").asText()).isEqualTo("2026-H2");
        assertThat(group.get("suppressed").asBoolean()).isFalse();
        JsonNode indices = group.get("indices");
        // The hand-computed example of CultureSelfDiagnosisKindTest: α 0.929524, mean 3.75.
        assertThat(indices.get("alpha.planning").get("value").asDouble()).isCloseTo(0.929524, within(1e-6));
        assertThat(indices.get("scale.planning").get("value").asDouble()).isCloseTo(3.75, within(1e-12));
        assertThat(indices.get("scale.leadership").get("value").asDouble()).isCloseTo(4.0, within(1e-12));
        assertThat(indices.has("alpha.leadership")).as("no α when every total is the same (no variance)").isFalse();
        assertThat(indices.get("loss.waiting").get("value").asDouble()).isCloseTo(60.0, within(1e-9));
        assertThat(group.get("questions").get("plan_changes_unexplained").get("distribution").toString())
                .as("items are shown as answered, before keying").isEqualTo("{\"1\":2,\"2\":1,\"3\":1,\"4\":1,\"5\":0}");
    }

    @Test
    void roundsOpenOneAtATimeCloseOnceAndTakeTheAnswersInBetween() throws Exception {
        String coordinator = server.token("coordinator", "education");
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H1\"}", null).status()).isEqualTo(401);
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H1\"}", server.token("analyst", null)).status()).isEqualTo(403);
        TestServer.Reply badId = server.post(ROUNDS, "application/json", "{\"id\": \"first half\", \"note\": 1}", coordinator);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("id", "note");
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H1\"}", coordinator).status()).isEqualTo(201);
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H2\"}", coordinator).status()).as("one open at a time").isEqualTo(409);
        assertThat(server.post(SUBMIT, "application/json", response(3, new int[] {3, 3, 3, 3}, "[]"), server.adminToken()).status())
                .isEqualTo(201);
        assertThat(server.post(ROUNDS + "/2026-H1/close", "application/json", "", coordinator).status()).isEqualTo(200);
        assertThat(server.post(ROUNDS + "/2026-H1/close", "application/json", "", coordinator).status()).isEqualTo(409);
        assertThat(server.post(ROUNDS + "/2026-H9/close", "application/json", "", coordinator).status()).isEqualTo(404);
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H1\"}", coordinator).status()).as("never reopened").isEqualTo(409);
        assertThat(server.post(SUBMIT, "application/json", response(3, new int[] {3, 3, 3, 3}, "[]"), server.adminToken()).status())
                .as("closed: no answers").isEqualTo(409);
        assertThat(server.get(ROUNDS, null).json().toString()).isEqualTo("[{\"id\":\"2026-H1\",\"status\":\"closed\"}]");
        assertThat(server.post("/api/v1/surveys/citizen-satisfaction/rounds", "application/json", "{\"id\": \"2026-H1\"}", coordinator).status())
                .as("a survey by quarters has no rounds").isEqualTo(409);
        JsonNode results = server.get("/api/v1/surveys/culture-self-diagnosis/results?groupBy=period", server.adminToken()).json();
        assertThat(results.get("groups").findValuesAsText("period")).containsExactly("2026-H1");
    }
}

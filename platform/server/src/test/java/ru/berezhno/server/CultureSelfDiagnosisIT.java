package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The self-diagnosis through the real server: scale indices and α come out of the counts. */
class CultureSelfDiagnosisIT {
    private static final String SUBMIT = "/api/v1/surveys/culture-self-diagnosis/responses";
    private static final String ROUNDS = "/api/v1/surveys/culture-self-diagnosis/rounds";
    private static final String INVITATIONS = "/api/v1/surveys/culture-self-diagnosis/invitations";

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
        return response(agree, planningKeyed, losses, null);
    }

    private String response(int agree, int[] planningKeyed, String losses, String invitation) throws Exception {
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
        return "{\"organization\":\"education\"," + (invitation == null ? "" : "\"invitation\":\"" + invitation + "\",")
                + "\"answers\":{" + answers + ",\"losses\":" + losses + "}}";
    }

    @Test
    void staffAnswersGiveScaleMeansAlphaAndLossSharesThroughTheCounts() throws Exception {
        int[][] planning = {{4, 5, 4, 5}, {3, 3, 2, 2}, {5, 5, 5, 4}, {2, 3, 3, 3}, {4, 4, 5, 4}};
        assertThat(server.post(INVITATIONS, "application/json", "{\"organization\":\"education\",\"count\":1}", server.adminToken()).status())
                .as("codes belong to a round: none without one open").isEqualTo(409);
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H2\"}", server.adminToken()).status()).isEqualTo(201);
        List<String> codes = codes("education", 10, server.adminToken());
        TestServer.Reply withoutCode = server.post(SUBMIT, "application/json", response(4, planning[0], "[]"), null);
        assertThat(withoutCode.status()).as("staff answer with an invitation code").isEqualTo(400);
        assertThat(withoutCode.json().get("errors").findValuesAsText("field")).containsExactly("invitation");
        for (int i = 0; i < planning.length; i++) {
            TestServer.Reply reply = server.post(SUBMIT, "application/json", response(4, planning[i], i < 3 ? "[\"waiting\"]" : "[]",
                    codes.get(i)), null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
            assertThat(reply.json().get("scores").get("scale.leadership").asDouble()).isEqualTo(4.0);
        }
        JsonNode open = server.get("/api/v1/surveys/culture-self-diagnosis/results?organization=education&period=2026-H2", server.adminToken())
                .json().get("groups").get(0);
        assertThat(open.get("roundOpen").asBoolean()).as("nothing of a round is shown while it is open").isTrue();
        assertThat(open.get("responses").asInt()).as("5 answers, rounded down to a multiple of 5").isEqualTo(5);
        assertThat(open.has("indices")).isFalse();
        assertThat(server.post(ROUNDS + "/2026-H2/close", "application/json", "", server.adminToken()).status()).isEqualTo(200);
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
        String analyst = server.token("analyst", null);
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H1\"}", null).status()).isEqualTo(401);
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H1\"}", coordinator).status())
                .as("a unit's coordinator does not open the district's round").isEqualTo(403);
        TestServer.Reply badId = server.post(ROUNDS, "application/json", "{\"id\": \"first half\", \"note\": 1}", analyst);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("id", "note");
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H1\"}", analyst).status()).isEqualTo(201);
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H2\"}", analyst).status()).as("one open at a time").isEqualTo(409);
        List<String> codes = codes("education", 2, coordinator);
        assertThat(server.post(SUBMIT, "application/json", response(3, new int[] {3, 3, 3, 3}, "[]", codes.get(0)), null).status())
                .isEqualTo(201);
        assertThat(server.post(ROUNDS + "/2026-H1/close", "application/json", "", coordinator).status()).as("nor closes it").isEqualTo(403);
        assertThat(server.post(ROUNDS + "/2026-H1/close", "application/json", "", analyst).status()).isEqualTo(200);
        assertThat(server.post(ROUNDS + "/2026-H1/close", "application/json", "", analyst).status()).isEqualTo(409);
        assertThat(server.post(ROUNDS + "/2026-H9/close", "application/json", "", analyst).status()).isEqualTo(404);
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H1\"}", analyst).status()).as("never reopened").isEqualTo(409);
        assertThat(server.post(SUBMIT, "application/json", response(3, new int[] {3, 3, 3, 3}, "[]", codes.get(1)), null).status())
                .as("closed: no answers").isEqualTo(409);
        assertThat(server.get(ROUNDS, null).json().toString()).isEqualTo("[{\"id\":\"2026-H1\",\"status\":\"closed\"}]");
        assertThat(server.post("/api/v1/surveys/citizen-satisfaction/rounds", "application/json", "{\"id\": \"2026-H1\"}", analyst).status())
                .as("a survey by quarters has no rounds").isEqualTo(409);
        JsonNode results = server.get("/api/v1/surveys/culture-self-diagnosis/results?groupBy=period", server.adminToken()).json();
        assertThat(results.get("groups").findValuesAsText("period")).containsExactly("2026-H1");
    }

    private List<String> codes(String organization, int count, String token) throws Exception {
        TestServer.Reply reply = server.post(INVITATIONS, "application/json", "{\"organization\":\"" + organization + "\",\"count\":" + count + "}",
                token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        List<String> codes = new ArrayList<>();
        reply.json().get("codes").forEach(code -> codes.add(code.asText()));
        return codes;
    }

    @Test
    void onlyTheCoordinatorOfTheOrganisationOrAnAdminIssuesCodes() throws Exception {
        assertThat(server.post(ROUNDS, "application/json", "{\"id\": \"2026-H2\"}", server.adminToken()).status()).isEqualTo(201);
        String body = "{\"organization\":\"education\",\"count\":3}";
        assertThat(server.post(INVITATIONS, "application/json", body, null).status()).isEqualTo(401);
        assertThat(server.post(INVITATIONS, "application/json", body, server.token("analyst", null)).status()).isEqualTo(403);
        assertThat(server.post(INVITATIONS, "application/json", body, server.token("coordinator", "culture")).status()).isEqualTo(403);
        List<String> codes = codes("education", 3, server.token("coordinator", "education"));
        assertThat(codes).hasSize(3).allMatch(code -> code.matches("[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}")).doesNotHaveDuplicates();
        TestServer.Reply bad = server.post(INVITATIONS, "application/json", "{\"organization\":\"atlantis\",\"count\":0,\"x\":1}",
                server.adminToken());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("organization", "count", "x");
        assertThat(server.post("/api/v1/surveys/citizen-satisfaction/invitations", "application/json", body, server.adminToken()).status())
                .as("citizens need no codes").isEqualTo(409);
    }

    @Test
    void aCodeIsUsedOnceEvenUnderConcurrencyAndUnknownOrForeignCodesAreRefused() throws Exception {
        server.post(ROUNDS, "application/json", "{\"id\": \"2026-H2\"}", server.adminToken());
        List<String> codes = codes("education", 2, server.adminToken());
        long before = server.storedResponses();
        assertThat(server.post(SUBMIT, "application/json", response(4, new int[] {4, 4, 4, 4}, "[]", "ZZZZZ-ZZZZZ"), null).status())
                .as("unknown code").isEqualTo(403);
        String foreign = codes("culture", 1, server.adminToken()).get(0);
        assertThat(server.post(SUBMIT, "application/json", response(4, new int[] {4, 4, 4, 4}, "[]", foreign), null).status())
                .as("a code of another organisation").isEqualTo(403);
        assertThat(server.storedResponses()).isEqualTo(before);

        String body = response(4, new int[] {4, 4, 4, 4}, "[]", codes.get(0).toLowerCase().replace("-", " "));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                replies.add(pool.submit(() -> server.post(SUBMIT, "application/json", body, null).status()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> reply : replies) {
                statuses.add(reply.get());
            }
            assertThat(statuses).as("one code, sixteen concurrent submissions").containsOnlyOnce(201).containsOnly(201, 409);
        }
        finally {
            pool.shutdown();
        }
        assertThat(server.storedResponses()).as("exactly one stored").isEqualTo(before + 1);
        assertThat(server.post(SUBMIT, "application/json", body, null).status()).as("used later").isEqualTo(409);
    }

    @Test
    void nothingStoredBesideTheAnswersIdentifiesTheRespondentOrTheirCode() throws Exception {
        server.post(ROUNDS, "application/json", "{\"id\": \"2026-H2\"}", server.adminToken());
        List<String> codes = codes("education", 3, server.adminToken());
        for (String code : codes) {
            assertThat(server.post(SUBMIT, "application/json", response(4, new int[] {4, 4, 4, 4}, "[]", code), null).status()).isEqualTo(201);
        }
        List<String> records = new ArrayList<>();
        server.platform().store().scanLog("responses", "culture-self-diagnosis", value -> records.add(new String(value, StandardCharsets.UTF_8)));
        assertThat(records).hasSize(3).allSatisfy(record -> {
            JsonNode json = new ObjectMapper().readTree(record);
            assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "survey", "version", "organization", "period", "answers");
            assertThat(json.get("period").asText()).isEqualTo("2026-H2");
            assertThat(record).doesNotContain("invitation").doesNotContainPattern("20\\d\\d-\\d\\d-\\d\\d");
        });
        List<String> used = new ArrayList<>();
        server.platform().store().scan("used-invitations", "", (key, value) -> used.add(key));
        assertThat(used).hasSize(3).allMatch(hash -> hash.matches("[0-9a-f]{64}"));
        // The journal is the ordered record on disk: no code is in it, and a code's hash only in the
        // record that issued it, before any response, never beside an answer.
        for (Path segment : Files.list(data.resolve("journal")).toList()) {
            String journal = new String(Files.readAllBytes(segment), StandardCharsets.ISO_8859_1);
            int firstResponse = journal.indexOf("culture-self-diagnosis", journal.indexOf("responses"));
            assertThat(firstResponse).isPositive();
            for (int i = 0; i < codes.size(); i++) {
                assertThat(journal).doesNotContain(codes.get(i)).doesNotContain(codes.get(i).replace("-", ""));
                assertThat(journal.lastIndexOf(used.get(i))).as("the hash of a used code appears only where it was issued").isLessThan(firstResponse);
            }
            assertThat(journal).doesNotContain("used-invitations");
        }
    }

    @Test
    void findingsShowALowScaleThatFellSinceTheRoundBefore() throws Exception {
        String analyst = server.token("analyst", null);
        int[][][] rounds = {
                {{4, 4, 4, 4}, {5, 4, 4, 4}, {5, 5, 4, 4}, {4, 4, 4, 3}, {4, 4, 4, 4}},
                {{3, 3, 2, 2}, {3, 3, 3, 2}, {3, 2, 2, 2}, {3, 3, 3, 3}, {3, 3, 2, 2}}};
        String[] ids = {"2026-H1", "2026-H2"};
        for (int r = 0; r < rounds.length; r++) {
            server.post(ROUNDS, "application/json", "{\"id\": \"" + ids[r] + "\"}", server.adminToken());
            List<String> codes = codes("education", rounds[r].length, server.adminToken());
            for (int i = 0; i < rounds[r].length; i++) {
                assertThat(server.post(SUBMIT, "application/json", response(4, rounds[r][i], "[]", codes.get(i)), null).status()).isEqualTo(201);
            }
            server.post(ROUNDS + "/" + ids[r] + "/close", "application/json", "", server.adminToken());
        }
        assertThat(server.get("/api/v1/surveys/culture-self-diagnosis/findings?period=2026-H2", null).status()).isEqualTo(401);
        assertThat(server.get("/api/v1/surveys/culture-self-diagnosis/findings", analyst).status()).isEqualTo(400);
        JsonNode findings = server.get("/api/v1/surveys/culture-self-diagnosis/findings?period=2026-H2", analyst).json();
        JsonNode education = findings.get("organizations").get(0);
        assertThat(education.get("organization").asText()).isEqualTo("education");
        assertThat(education.get("previousPeriod").asText()).isEqualTo("2026-H1");
        assertThat(education.get("findings").findValuesAsText("kind")).containsExactlyInAnyOrder("low", "decline");
        assertThat(education.get("findings").findValuesAsText("subject")).containsOnly("planning");
        JsonNode decline = education.get("findings").get(0).get("kind").asText().equals("decline") ? education.get("findings").get(0)
                : education.get("findings").get(1);
        // The same example as CultureSelfDiagnosisKindTest: U = 0, p = 0.009023.
        assertThat(decline.get("p").asDouble()).isCloseTo(0.009023, within(1e-6));
        assertThat(decline.get("previousValue").asDouble()).isCloseTo(4.10, within(1e-12));
    }
}

package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The API end to end on a real server with a real store. */
class ApiIT {
    /** 2026-12-31 20:00 UTC is already 2027-01-01 03:00 in Novokuznetsk (UTC+7): the first quarter of 2027. */
    private static final Clock NEW_YEAR_IN_KUZBASS = Clock.fixed(Instant.parse("2026-12-31T20:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path data;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data, NEW_YEAR_IN_KUZBASS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String citizen(String organization, int rating, Integer recommend) {
        return """
                {"organization": "%s", "answers": {"service": "housing", "service_time": %d, "queue_time": %d, "staff_courtesy": %d,
                 "premises_comfort": %d, "information_access": %d, "overall": %d%s}}
                """.formatted(organization, rating, rating, rating, rating, rating, rating,
                recommend == null ? "" : ", \"recommend\": " + recommend);
    }

    /** Submits {@code count} citizen responses for an organisation, each rating every criterion {@code rating}. */
    private void submitCitizens(String organization, int count, int rating) throws Exception {
        for (int i = 0; i < count; i++) {
            assertThat(server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", citizen(organization, rating, null), null)
                    .status()).isEqualTo(201);
        }
    }

    @Test
    void healthPluginsOrganizationsAndSurveysAreListed() throws Exception {
        assertThat(server.get("/health", null).status()).isEqualTo(200);
        JsonNode plugins = server.get("/api/v1/plugins", null).json();
        assertThat(plugins.get(0).get("id").asText()).isEqualTo("citizen-satisfaction");
        assertThat(plugins.get(0).get("kinds").get(0).asText()).isEqualTo("citizen-satisfaction");
        assertThat(plugins.get(0).has("version")).isTrue();
        JsonNode organizations = server.get("/api/v1/organizations", null).json();
        assertThat(organizations.findValuesAsText("id")).contains("administration", "uer", "council");
        JsonNode surveys = server.get("/api/v1/surveys", null).json();
        assertThat(surveys.get(0).get("id").asText()).isEqualTo("citizen-satisfaction");
        assertThat(surveys.get(0).get("title").get("ru").asText()).isEqualTo("Оценка качества муниципальной услуги");
        assertThat(surveys.get(0).get("audience").asText()).isEqualTo("citizens");
    }

    @Test
    void theDefinitionCarriesWhatAFormNeeds() throws Exception {
        JsonNode definition = server.get("/api/v1/surveys/citizen-satisfaction", null).json();
        assertThat(definition.get("version").asInt()).isEqualTo(1);
        JsonNode queue = null;
        JsonNode service = null;
        for (JsonNode section : definition.get("sections")) {
            for (JsonNode question : section.get("questions")) {
                assertThat(question.has("id") && question.has("type") && question.has("required")).isTrue();
                if (question.get("id").asText().equals("queue_time")) {
                    queue = question;
                }
                if (question.get("id").asText().equals("service")) {
                    service = question;
                }
            }
        }
        assertThat(queue.get("type").asText()).isEqualTo("scale");
        assertThat(queue.get("min").asInt()).isEqualTo(1);
        assertThat(queue.get("max").asInt()).isEqualTo(5);
        assertThat(queue.get("labels").get("4").get("ru").asText()).isEqualTo("Хорошо");
        assertThat(service.get("type").asText()).isEqualTo("single");
        assertThat(service.get("options").get(0).has("id")).isTrue();
        assertThat(service.get("options").get(0).get("label").has("ru")).isTrue();
        assertThat(server.get("/api/v1/surveys/no-such-survey", null).status()).isEqualTo(404);
    }

    @Test
    void aResponseIsAcceptedWithAnUnguessableIdAndItsScores() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            TestServer.Reply reply = server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", citizen("uer", 4, 10), null);
            assertThat(reply.status()).isEqualTo(201);
            String id = reply.json().get("id").asText();
            assertThat(id).hasSizeGreaterThanOrEqualTo(22).matches("[A-Za-z0-9_-]+");
            ids.add(id);
            assertThat(reply.json().get("scores").get("satisfaction").asDouble()).isEqualTo(100.0);
            assertThat(reply.json().get("scores").get("npsGroup").asText()).isEqualTo("promoter");
        }
        assertThat(ids).hasSize(3);
        assertThat(server.storedResponses()).isEqualTo(3);
    }

    @Test
    void aStoredResponseKeepsItsVersionAndQuarterButNoTimeOrAddress() throws Exception {
        server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", citizen("uer", 4, 10), null);
        String[] stored = new String[1];
        server.platform().store().scanLog("responses", "citizen-satisfaction", value -> stored[0] = new String(value, java.nio.charset.StandardCharsets.UTF_8));
        JsonNode record = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stored[0]);
        assertThat(record.get("version").asInt()).isEqualTo(1);
        assertThat(record.get("period").asText()).as("the quarter in the Kuzbass time zone").isEqualTo("2027-Q1");
        assertThat(record.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "survey", "version", "organization", "period", "answers");
        assertThat(stored[0]).doesNotContain("127.0.0.1").doesNotContain("2026-12-31").doesNotContain("T20:");
    }

    @Test
    void resultsNeedAnAnalystOrAdminToken() throws Exception {
        String path = "/api/v1/surveys/citizen-satisfaction/results";
        TestServer.Reply anonymous = server.get(path, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(server.get(path, server.token("coordinator", "uer")).status()).isEqualTo(403);
        assertThat(server.get(path, server.token("expert", null)).status()).isEqualTo(403);
        assertThat(server.get(path, server.token("analyst", null)).status()).isEqualTo(200);
        assertThat(server.get(path, server.adminToken()).status()).isEqualTo(200);
        assertThat(server.get(path, "bz_not-a-real-token").status()).as("a wrong token is refused, not ignored").isEqualTo(401);
    }

    @Test
    void onlyAnAdminIssuesTokensAndBadRequestsNameTheirFields() throws Exception {
        assertThat(server.post("/api/v1/tokens", "application/json", "{\"role\":\"analyst\",\"name\":\"x\"}", null).status()).isEqualTo(401);
        assertThat(server.post("/api/v1/tokens", "application/json", "{\"role\":\"analyst\",\"name\":\"x\"}", server.token("analyst", null)).status())
                .isEqualTo(403);
        TestServer.Reply bad = server.post("/api/v1/tokens", "application/json",
                "{\"role\":\"boss\",\"name\":\" \",\"organization\":\"nowhere\",\"extra\":1}", server.adminToken());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("role", "name", "organization", "extra");
        TestServer.Reply issued = server.post("/api/v1/tokens", "application/json",
                "{\"role\":\"coordinator\",\"name\":\"Иванова И. И.\",\"organization\":\"education\"}", server.adminToken());
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.json().get("token").asText()).startsWith("bz_");
        assertThat(issued.json().get("organization").asText()).isEqualTo("education");
    }

    @Test
    void theAdminTokenFileIsReadableByItsOwnerOnlyAndTokensAreStoredHashed() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("admin-token")))).isEqualTo("rw-------");
        String analyst = server.token("analyst", null);
        StringBuilder stored = new StringBuilder();
        server.platform().store().scan("tokens", "", (key, value) -> stored.append(key).append(new String(value, java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(stored.toString()).doesNotContain(analyst).doesNotContain(server.adminToken()).contains("analyst");
        for (Path file : Files.walk(data).filter(Files::isRegularFile).filter(file -> !file.endsWith("admin-token")).toList()) {
            assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(analyst);
        }
    }

    @Test
    void resultsOfAGroupOfFiveGiveMeansIntervalsDistributionsAndIndices() throws Exception {
        for (int rating : new int[] {5, 4, 4, 3, 5}) {
            server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", citizen("uer", rating, rating * 2), null);
        }
        JsonNode results = server.get("/api/v1/surveys/citizen-satisfaction/results?organization=uer", server.token("analyst", null)).json();
        assertThat(results.get("survey").asText()).isEqualTo("citizen-satisfaction");
        assertThat(results.get("responses").asInt()).isEqualTo(5);
        JsonNode group = results.get("groups").get(0);
        assertThat(group.get("organization").asText()).isEqualTo("uer");
        assertThat(group.get("suppressed").asBoolean()).isFalse();
        JsonNode queue = group.get("questions").get("queue_time");
        // 5, 4, 4, 3, 5: mean 4.2, sd 0.836660, t(0.975; 4)·sd/√5 → [3.161149, 5.238851].
        assertThat(queue.get("n").asInt()).isEqualTo(5);
        assertThat(queue.get("mean").asDouble()).isCloseTo(4.2, within(1e-9));
        assertThat(queue.get("sd").asDouble()).isCloseTo(0.836660, within(1e-6));
        assertThat(queue.get("ci95").get(0).asDouble()).isCloseTo(3.161149, within(1e-6));
        assertThat(queue.get("ci95").get(1).asDouble()).isCloseTo(5.238851, within(1e-6));
        assertThat(queue.get("distribution").toString()).isEqualTo("{\"1\":0,\"2\":0,\"3\":1,\"4\":2,\"5\":2}");
        assertThat(group.get("questions").get("service").get("distribution").get("housing").asInt()).isEqualTo(5);
        // 20 of 25 criteria ratings are 4 or 5: 80%, Wilson [60.869050%, 91.139415%].
        JsonNode satisfaction = group.get("indices").get("satisfaction");
        assertThat(satisfaction.get("value").asDouble()).isCloseTo(80.0, within(1e-9));
        assertThat(satisfaction.get("ci95").get(0).asDouble()).isCloseTo(60.869050, within(1e-5));
        assertThat(satisfaction.get("ci95").get(1).asDouble()).isCloseTo(91.139415, within(1e-5));
        // Recommend 10, 8, 8, 6, 10: 2 promoters, 1 detractor of 5 → NPS 20.
        assertThat(group.get("indices").get("nps").get("value").asDouble()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void smallGroupsAreSuppressedAndSoIsTheNextSmallestSoThatSubtractionRevealsNothing() throws Exception {
        submitCitizens("uer", 5, 5);
        submitCitizens("council", 6, 3);
        submitCitizens("education", 4, 1);
        String analyst = server.token("analyst", null);
        JsonNode results = server.get("/api/v1/surveys/citizen-satisfaction/results?groupBy=organization", analyst).json();
        assertThat(results.get("responses").asInt()).isEqualTo(15);
        Map<String, JsonNode> groups = new java.util.HashMap<>();
        results.get("groups").forEach(group -> groups.put(group.get("organization").asText(), group));
        assertThat(groups.get("education").get("suppressed").asBoolean()).as("4 responses").isTrue();
        assertThat(groups.get("education").has("questions")).as("no figures for a small group").isFalse();
        assertThat(groups.get("education").has("indices")).isFalse();
        // The total (15) is shown: with uer shown too, education = total − uer − council.
        assertThat(groups.get("uer").get("suppressed").asBoolean()).as("complementary suppression of the next smallest").isTrue();
        assertThat(groups.get("council").get("suppressed").asBoolean()).isFalse();
        JsonNode total = server.get("/api/v1/surveys/citizen-satisfaction/results", analyst).json().get("groups").get(0);
        assertThat(total.get("suppressed").asBoolean()).isFalse();
        assertThat(total.get("questions").get("queue_time").get("distribution").get("1").asInt()).isEqualTo(4);
        JsonNode uerAlone = server.get("/api/v1/surveys/citizen-satisfaction/results?organization=uer", analyst).json().get("groups").get(0);
        assertThat(uerAlone.get("suppressed").asBoolean()).as("hidden in every call, not only in the grouped one").isTrue();
        JsonNode byPeriod = server.get("/api/v1/surveys/citizen-satisfaction/results?groupBy=organization,period&period=2027-Q1", analyst).json();
        assertThat(byPeriod.get("groups").findValuesAsText("period")).containsOnly("2027-Q1");
        JsonNode otherQuarter = server.get("/api/v1/surveys/citizen-satisfaction/results?period=2026-Q4", analyst).json();
        assertThat(otherQuarter.get("responses").asInt()).isZero();
        assertThat(otherQuarter.get("groups").get(0).get("suppressed").asBoolean()).isTrue();
    }

    @Test
    void aParentsSubtreeIsShownWithoutRevealingASmallChildBySubtraction() throws Exception {
        // administration ← education ← mbu-imc; administration ← uer.
        submitCitizens("education", 6, 4);
        submitCitizens("mbu-imc", 3, 1);
        submitCitizens("uer", 20, 5);
        String analyst = server.token("analyst", null);
        String results = "/api/v1/surveys/citizen-satisfaction/results";
        JsonNode subtree = server.get(results + "?organization=education&subtree=true", analyst).json().get("groups").get(0);
        assertThat(subtree.get("responses").asInt()).isEqualTo(9);
        assertThat(subtree.get("suppressed").asBoolean()).as("education with its institution: 9 responses").isFalse();
        assertThat(subtree.get("questions").get("queue_time").get("distribution").get("1").asInt()).isEqualTo(3);
        JsonNode own = server.get(results + "?organization=education", analyst).json().get("groups").get(0);
        assertThat(own.get("suppressed").asBoolean()).as("9 − education's own 6 would give mbu-imc's 3").isTrue();
        assertThat(server.get(results + "?organization=mbu-imc", analyst).json().get("groups").get(0).get("suppressed").asBoolean()).isTrue();
        JsonNode inside = server.get(results + "?organization=education&subtree=true&groupBy=organization", analyst).json().get("groups");
        assertThat(inside.findValuesAsText("organization")).containsExactlyInAnyOrder("education", "mbu-imc");
        inside.forEach(group -> assertThat(group.get("suppressed").asBoolean()).isTrue());
        assertThat(server.get(results + "?subtree=maybe", analyst).status()).isEqualTo(400);
    }

    @Test
    void badResultsParametersAreNamed() throws Exception {
        TestServer.Reply reply = server.get("/api/v1/surveys/citizen-satisfaction/results?organization=nowhere&period=last&groupBy=city",
                server.adminToken());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("organization", "period", "groupBy");
        assertThat(server.get("/api/v1/surveys/nothing/results", server.adminToken()).status()).isEqualTo(404);
    }

    @Test
    void commentsAreShownOnlyForGroupsOfEightOrMore() throws Exception {
        String analyst = server.token("analyst", null);
        for (int i = 0; i < 8; i++) {
            String body = citizen("uer", 4, null).replace("\"overall\": 4", "\"overall\": 4, \"comment\": \"Комментарий " + i + "\"");
            server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", body, null);
            JsonNode comment = server.get("/api/v1/surveys/citizen-satisfaction/results", analyst).json().get("groups").get(0);
            if (i + 1 < 5) {
                assertThat(comment.get("suppressed").asBoolean()).isTrue();
            }
            else if (i + 1 < 8) {
                assertThat(comment.get("questions").get("comment").has("comments")).as("comments with " + (i + 1) + " responses").isFalse();
            }
            else {
                assertThat(comment.get("questions").get("comment").get("comments")).hasSize(8);
            }
        }
    }

    @Test
    void anAdminImportsPaperQuestionnairesWithTheirDates() throws Exception {
        String lines = citizen("uer", 5, null).strip().replace("{\"organization\"", "{\"submittedAt\": \"2025-02-10\", \"organization\"").replace("\n", " ")
                + "\n\n" + citizen("uer", 4, 7).strip().replace("{\"organization\"", "{\"submittedAt\": \"2025-05-01\", \"organization\"").replace("\n", " ")
                + "\n";
        assertThat(server.post("/api/v1/surveys/citizen-satisfaction/responses/import", "application/x-ndjson", lines, null).status()).isEqualTo(401);
        assertThat(server.post("/api/v1/surveys/citizen-satisfaction/responses/import", "application/x-ndjson", lines, server.token("analyst", null))
                .status()).isEqualTo(403);
        TestServer.Reply reply = server.post("/api/v1/surveys/citizen-satisfaction/responses/import", "application/x-ndjson", lines, server.adminToken());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("imported").asInt()).isEqualTo(2);
        JsonNode results = server.get("/api/v1/surveys/citizen-satisfaction/results?groupBy=period", server.adminToken()).json();
        assertThat(results.get("groups").findValuesAsText("period")).containsExactly("2025-Q1", "2025-Q2");
    }

    @Test
    void anImportLargerThanTheBodiesReadAheadIsTakenWhole() throws Exception {
        String line = citizen("uer", 5, null).strip().replace("{\"organization\"", "{\"submittedAt\": \"2025-02-10\", \"organization\"")
                .replace("\n", " ") + "\n";
        int count = (int) (2 * BerezhnoServer.MAX_EAGER_BODY_BYTES / line.length()) + 1;
        TestServer.Reply reply = server.post("/api/v1/surveys/citizen-satisfaction/responses/import", "application/x-ndjson", line.repeat(count),
                server.adminToken());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("imported").asInt()).isEqualTo(count);
    }

    @Test
    void anImportWithOneBadLineStoresNothingAndNamesTheLine() throws Exception {
        String good = citizen("uer", 5, null).strip().replace("{\"organization\"", "{\"submittedAt\": \"2025-02-10\", \"organization\"").replace("\n", " ");
        String lines = good + "\n" + good.replace("\"service_time\": 5", "\"service_time\": 9") + "\n" + good.replace("2025-02-10", "2099-01-01")
                + "\n{not json\n" + good.replace("\"submittedAt\": \"2025-02-10\", ", "");
        TestServer.Reply reply = server.post("/api/v1/surveys/citizen-satisfaction/responses/import", "application/x-ndjson", lines, server.adminToken());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").findValuesAsText("line")).as("the malformed line is reported first, alone").containsExactly("4");
        String fixed = lines.replace("{not json", good);
        reply = server.post("/api/v1/surveys/citizen-satisfaction/responses/import", "application/x-ndjson", fixed, server.adminToken());
        assertThat(reply.status()).isEqualTo(400);
        JsonNode errors = reply.json().get("errors");
        assertThat(errors.findValuesAsText("line")).containsExactly("2", "3", "5");
        assertThat(errors.findValuesAsText("field")).containsExactly("answers.service_time", "submittedAt", "submittedAt");
        assertThat(server.storedResponses()).isZero();
    }

    @Test
    void analystsExportRawResponsesAsCsvWithABomAndNeutralisedFormulas() throws Exception {
        String body = citizen("uer", 4, 9).replace("\"overall\": 4", "\"overall\": 4, \"comment\": \"=HYPERLINK(\\\"x\\\") очередь\"");
        for (int i = 0; i < 8; i++) {
            assertThat(server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", body, null).status()).isEqualTo(201);
        }
        server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", citizen("education", 2, null), null);
        for (int i = 0; i < 6; i++) {
            server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", citizen("culture", 3, null), null);
        }
        String path = "/api/v1/surveys/citizen-satisfaction/export/responses.csv";
        assertThat(server.get(path, null).status()).isEqualTo(401);
        assertThat(server.get(path, server.token("coordinator", "uer")).status()).isEqualTo(403);
        java.net.http.HttpResponse<byte[]> reply = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + server.token("analyst", null)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        byte[] bytes = reply.body();
        assertThat(java.util.Arrays.copyOf(bytes, 3)).as("UTF-8 byte-order mark").containsExactly(0xEF, 0xBB, 0xBF);
        java.util.List<String> lines = new String(bytes, 3, bytes.length - 3, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("organization,period,version,service,service_time,queue_time");
        assertThat(lines).as("uer's 8 rows; education's one (too few) and culture's (withheld so that totals do not give education away) are left out")
                .hasSize(9);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("uer,2027-Q1,1,housing,4,4,4,4,4,4,9,")
                .endsWith(",\"'=HYPERLINK(\"\"x\"\") очередь\""));
        assertThat(lines).noneMatch(line -> line.startsWith("education,") || line.startsWith("culture,"));
        assertThat(String.join("\n", lines)).as("no response ids in the export").doesNotContainPattern("[A-Za-z0-9_-]{22}");
    }
}

package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.berezhno.core.projects.ProjectService;
import ru.berezhno.testing.SettableClock;

/** The project register, experts' scoresheets, significance, the yearly ranking and plan indicators, through the real server. */
class LeanProjectsIT {
    private static final String SHEETS = "/api/v1/surveys/lean-project-significance/responses";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Levels (lead time, satisfaction, resources, reach, replicability, sustainability, involvement)
     * giving each total under the default rubric (weights 20 15 15 10 15 15 10, points 0 1 3 5).
     */
    private static final Map<Integer, int[]> LEVELS = Map.ofEntries(
            Map.entry(66, new int[] {0, 2, 3, 1, 3, 3, 3}), Map.entry(100, new int[] {3, 3, 3, 3, 3, 3, 3}),
            Map.entry(32, new int[] {0, 0, 0, 0, 3, 3, 1}), Map.entry(88, new int[] {2, 3, 3, 2, 3, 3, 3}),
            Map.entry(70, new int[] {0, 2, 3, 2, 3, 3, 3}), Map.entry(94, new int[] {3, 2, 3, 3, 3, 3, 3}),
            Map.entry(40, new int[] {0, 0, 0, 0, 3, 3, 3}), Map.entry(60, new int[] {0, 1, 3, 1, 3, 3, 3}),
            Map.entry(90, new int[] {3, 2, 3, 2, 3, 3, 3}), Map.entry(45, new int[] {0, 0, 1, 1, 3, 3, 3}),
            Map.entry(80, new int[] {0, 3, 3, 3, 3, 3, 3}));
    private static final List<String> CRITERIA = List.of("lead_time", "satisfaction", "resources", "reach", "replicability", "sustainability",
            "involvement");

    @TempDir
    Path data;
    @TempDir
    Path otherDefinitions;
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-10T03:00:00Z"));
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
    void coordinatorsRegisterTheirOwnOrganisationsProjectsAndBadInputIsRefused() throws Exception {
        String coordinator = server.token("coordinator", "uer");
        TestServer.Reply created = server.post("/api/v1/projects", "application/json", project("Электронная очередь в приёмной", "uer", 2026,
                "in-progress", null), coordinator);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("in-progress");
        assertThat(created.json().get("createdBy").asText()).isEqualTo("Тест coordinator");
        String id = created.json().get("id").asText();
        assertThat(server.post("/api/v1/projects", "application/json", project("Чужой", "education", 2026, "planned", null), coordinator).status())
                .as("another organisation's project").isEqualTo(403);
        assertThat(server.post("/api/v1/projects", "application/json", project("x", "uer", 2026, "planned", null), server.token("analyst", null))
                .status()).isEqualTo(403);
        TestServer.Reply bad = server.post("/api/v1/projects", "application/json",
                "{\"title\":\" \",\"organization\":\"nowhere\",\"year\":1900,\"status\":\"done\",\"replicates\":\"missing\",\"budget\":5}",
                server.adminToken());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("title", "organization", "year", "status", "replicates", "budget");
        assertThat(server.platform().store().count(ProjectService.COLLECTION, "")).as("only the one good project").isEqualTo(1);

        TestServer.Reply implemented = server.patch("/api/v1/projects/" + id, "{\"status\":\"implemented\"}", coordinator);
        assertThat(implemented.json().get("status").asText()).isEqualTo("implemented");
        assertThat(server.patch("/api/v1/projects/" + id, "{\"replicates\":\"" + id + "\"}", coordinator).status()).isEqualTo(400);
        String analyst = server.token("analyst", null);
        assertThat(server.get("/api/v1/projects?year=2026&organization=uer", analyst).json().findValuesAsText("id")).containsExactly(id);
        assertThat(server.get("/api/v1/projects?year=2025", analyst).json()).isEmpty();
        assertThat(server.get("/api/v1/projects?year=20x6", analyst).json().get("errors").findValuesAsText("field")).containsExactly("year");
    }

    @Test
    void significanceRankingAndAgreementFollowTheExpertsLatestSheets() throws Exception {
        String[] projects = new String[4];
        for (int i = 0; i < 4; i++) {
            projects[i] = register("Проект " + (i + 1), i % 2 == 0 ? "uer" : "education", 2026, "implemented", null);
        }
        String[] experts = {server.token("expert", null), token("expert", "Эксперт Б"), token("expert", "Эксперт В")};
        // Expert A first gives project 1 a 100, then replaces it with a 66: only the latest counts.
        assertThat(sheet(experts[0], projects[0], 100).status()).isEqualTo(201);
        clock.advance(Duration.ofMinutes(5));
        int[][] totals = {{66, 100, 32, 88}, {70, 94, 40, 70}, {60, 90, 45, 80}};
        for (int e = 0; e < 3; e++) {
            for (int p = 0; p < 4; p++) {
                TestServer.Reply reply = sheet(experts[e], projects[p], totals[e][p]);
                assertThat(reply.status()).as(reply.body()).isEqualTo(201);
                assertThat(reply.json().get("scores").get("total").asDouble()).isEqualTo(totals[e][p]);
            }
        }
        String analyst = server.token("analyst", null);
        JsonNode first = server.get("/api/v1/projects/" + projects[0] + "/significance", analyst).json();
        assertThat(first.get("experts").asInt()).isEqualTo(3);
        assertThat(first.get("sheets")).as("the replaced sheet is kept in the history").hasSize(4);
        assertThat(first.get("sheets").get(0).get("current").asBoolean()).isFalse();
        assertThat(first.get("total").get("value").asDouble()).isCloseTo((66 + 70 + 60) / 3.0, within(1e-9));
        assertThat(first.get("recommendedForReplication").asBoolean()).as("65.3 is under the threshold 70").isFalse();
        assertThat(first.get("provisional").asBoolean()).isTrue();

        // Project 2: sheets 100, 94, 90 → mean 94.666667, spread sqrt(((16/3)² + (2/3)² + (14/3)²)/2) = 5.033223;
        // satisfaction levels 3, 2, 2 → points 5, 3, 3 → 3.666667; sustainability 5 points ≥ 3 → gate passed.
        JsonNode second = server.get("/api/v1/projects/" + projects[1] + "/significance", analyst).json();
        assertThat(second.get("total").get("value").asDouble()).isCloseTo(94.666667, within(1e-6));
        assertThat(second.get("spread").asDouble()).isCloseTo(5.033223, within(1e-6));
        assertThat(second.get("range").get(0).asDouble()).isEqualTo(90.0);
        assertThat(second.get("range").get(1).asDouble()).isEqualTo(100.0);
        assertThat(second.get("criteria").get("satisfaction").get("value").asDouble()).isCloseTo(3.666667, within(1e-6));
        assertThat(second.get("gatePassed").asBoolean()).isTrue();
        assertThat(second.get("recommendedForReplication").asBoolean()).isTrue();

        JsonNode ranking = server.get("/api/v1/projects/ranking?year=2026", analyst).json();
        assertThat(ranking.get("projects").findValuesAsText("title")).containsExactly("Проект 2", "Проект 4", "Проект 1", "Проект 3");
        // Kendall's W of these totals, worked independently in CommonsMathStatisticsTest (94 ranks as 95 did there).
        JsonNode agreement = ranking.get("agreement");
        assertThat(agreement.get("experts")).hasSize(3);
        assertThat(agreement.get("w").asDouble()).isCloseTo(0.977011494, within(1e-9));
        assertThat(agreement.get("p").asDouble()).isCloseTo(0.032171999, within(1e-9));
    }

    @Test
    void scoresheetsNeedAnExpertAndARegisteredProject() throws Exception {
        String project = register("Проект", "uer", 2026, "implemented", null);
        String expert = server.token("expert", null);
        assertThat(sheet(null, project, 66).status()).isEqualTo(401);
        assertThat(sheet(server.token("auditor", null), project, 66).status()).isEqualTo(403);
        Map<String, Object> answers = answers(66);
        TestServer.Reply noProject = server.post(SHEETS, "application/json", JSON.writeValueAsString(Map.of("answers", answers)), expert);
        assertThat(noProject.json().get("errors").findValuesAsText("field")).contains("project");
        TestServer.Reply unknown = server.post(SHEETS, "application/json", JSON.writeValueAsString(Map.of("project", "nope", "answers", answers)),
                expert);
        assertThat(unknown.json().get("errors").findValuesAsText("field")).contains("project");
        TestServer.Reply otherOrganization = server.post(SHEETS, "application/json",
                JSON.writeValueAsString(Map.of("project", project, "organization", "education", "answers", answers)), expert);
        assertThat(otherOrganization.json().get("errors").findValuesAsText("field")).containsExactly("organization");
        answers.put("reach", 4);
        TestServer.Reply outOfRange = server.post(SHEETS, "application/json", JSON.writeValueAsString(Map.of("project", project, "answers", answers)),
                expert);
        assertThat(outOfRange.json().get("errors").findValuesAsText("field")).containsExactly("answers.reach");
        assertThat(server.storedResponses()).isZero();
    }

    @Test
    void projectIndicatorsCountImplementedProjectsAndTheReplicatedShareAgainstTheYearsTargets() throws Exception {
        String original = register("Оригинал", "uer", 2024, "implemented", null);
        register("Реплика", "uer", 2024, "implemented", original);
        register("Свой", "education", 2024, "implemented", null);
        register("Ещё в работе", "education", 2024, "in-progress", null);
        JsonNode figures = server.get("/api/v1/projects/indicators?year=2024", server.token("analyst", null)).json();
        assertThat(figures.get("programme").get("id").asText()).isEqualTo("berezhlivy-kuzbass-2022-2024");
        JsonNode implemented = figures.get("implemented");
        assertThat(implemented.get("total").asLong()).isEqualTo(3);
        assertThat(implemented.get("targetPerUnit").asDouble()).as("item 1.4 in 2024: at least 2").isEqualTo(2.0);
        Map<String, JsonNode> byOrganization = new LinkedHashMap<>();
        implemented.get("organizations").forEach(unit -> byOrganization.put(unit.get("organization").asText(), unit));
        assertThat(byOrganization.get("uer").get("value").asLong()).isEqualTo(2);
        assertThat(byOrganization.get("uer").get("met").asBoolean()).isTrue();
        assertThat(byOrganization.get("education").get("value").asLong()).isEqualTo(1);
        assertThat(byOrganization.get("education").get("percentDone").asDouble()).isEqualTo(50.0);
        assertThat(byOrganization.get("education").get("met").asBoolean()).isFalse();
        JsonNode share = figures.get("replicatedShare");
        assertThat(share.get("percent").asDouble()).as("1 replica of 3 implemented").isCloseTo(100.0 / 3, within(1e-9));
        assertThat(share.get("target").asDouble()).as("item 1.5 in 2024: 40%").isEqualTo(40.0);
        assertThat(share.get("met").asBoolean()).isFalse();
        JsonNode later = server.get("/api/v1/projects/indicators?year=2026", server.token("analyst", null)).json();
        assertThat(later.get("programme").get("id").asText()).isEqualTo("effektivny-region-2025-2027");
        assertThat(later.get("programme").get("provisional").asBoolean()).isTrue();
    }

    @Test
    void aRubricAndAProgrammeSwappedForOtherFilesChangeResultsWithoutCodeChanges() throws Exception {
        String project = register("Проект 2", "uer", 2028, "implemented", null);
        String[] experts = {server.token("expert", null), token("expert", "Эксперт Б"), token("expert", "Эксперт В")};
        int[] totals = {100, 94, 90};
        for (int e = 0; e < 3; e++) {
            assertThat(sheet(experts[e], project, totals[e]).status()).isEqualTo(201);
        }
        String analyst = server.token("analyst", null);
        JsonNode before = server.get("/api/v1/projects/" + project + "/significance", analyst).json();
        assertThat(before.get("total").get("value").asDouble()).isCloseTo(94.666667, within(1e-6));
        assertThat(before.get("recommendedForReplication").asBoolean()).isTrue();
        assertThat(server.get("/api/v1/projects/indicators?year=2028", analyst).json().get("programme").isNull()).isTrue();
        server.close();

        TestServer.copyDefinitions(otherDefinitions);
        Path rubric = otherDefinitions.resolve("lean-project-significance.yaml");
        Files.writeString(rubric, Files.readString(rubric).replace("provisional: true", "provisional: false")
                .replace("{id: lead_time, weight: 20,", "{id: lead_time, weight: 40,").replace("replicationThreshold: 70", "replicationThreshold: 96"));
        Files.writeString(otherDefinitions.resolve("programmes/next-2028-2030.yaml"), """
                id: next-2028-2030
                name: {ru: 'Следующая программа', en: 'The next programme'}
                years: [2028, 2029, 2030]
                indicators:
                  - id: projects-implemented
                    item: '1.4'
                    name: {ru: 'Реализованные проекты', en: 'Projects implemented'}
                    scope: unit
                    measure: count
                    source: projects-implemented
                    targets: {2028: 3, 2029: 4, 2030: 5}
                  - id: replicated-share
                    item: '1.5'
                    name: {ru: 'Доля тиражированных', en: 'Replicated share'}
                    scope: district
                    measure: percent
                    source: replicated-share
                    targets: {2028: 50, 2029: 55, 2030: 60}
                """);
        server = TestServer.start(data, clock, otherDefinitions);
        analyst = server.token("analyst", null);
        // Lead time now weighs 40 of 120: sheets 120/120, (40 + 9 + 15 + 10 + 15 + 15 + 10)/120 = 114/120,
        // (40 + 9 + 15 + 6 + 15 + 15 + 10)/120 = 110/120 → 100, 95, 91.666667; mean 95.555556 < 96.
        JsonNode after = server.get("/api/v1/projects/" + project + "/significance", analyst).json();
        assertThat(after.get("total").get("value").asDouble()).isCloseTo(95.555556, within(1e-6));
        assertThat(after.get("recommendedForReplication").asBoolean()).isFalse();
        assertThat(after.get("provisional").asBoolean()).isFalse();
        JsonNode figures = server.get("/api/v1/projects/indicators?year=2028", analyst).json();
        assertThat(figures.get("programme").get("id").asText()).isEqualTo("next-2028-2030");
        assertThat(figures.get("implemented").get("targetPerUnit").asDouble()).isEqualTo(3.0);
        assertThat(figures.get("replicatedShare").get("target").asDouble()).isEqualTo(50.0);
    }

    private String register(String title, String organization, int year, String status, String replicates) throws Exception {
        TestServer.Reply reply = server.post("/api/v1/projects", "application/json", project(title, organization, year, status, replicates),
                server.adminToken());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").asText();
    }

    private String token(String role, String name) throws Exception {
        TestServer.Reply reply = server.post("/api/v1/tokens", "application/json", JSON.writeValueAsString(Map.of("role", role, "name", name)),
                server.adminToken());
        return reply.json().get("token").asText();
    }

    private TestServer.Reply sheet(String token, String project, int total) throws Exception {
        return server.post(SHEETS, "application/json", JSON.writeValueAsString(Map.of("project", project, "answers", answers(total))), token);
    }

    static Map<String, Object> answers(int total) {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (int i = 0; i < CRITERIA.size(); i++) {
            answers.put(CRITERIA.get(i), LEVELS.get(total)[i]);
        }
        return answers;
    }

    private static String project(String title, String organization, int year, String status, String replicates) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("organization", organization);
        body.put("year", year);
        body.put("status", status);
        if (replicates != null) {
            body.put("replicates", replicates);
        }
        return JSON.writeValueAsString(body);
    }
}

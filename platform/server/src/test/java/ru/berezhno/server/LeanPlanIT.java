package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.berezhno.testing.SettableClock;

/**
 * Quarterly reports on the lean plan through the real server: fulfilment on a worked example of
 * 2024 (targets of «Бережливый Кузбасс»: proposals ≥ 4, projects ≥ 2, trained ≥ 4, trainers ≥ 3 a
 * unit; replicated share ≥ 40%), the deadline (the 5th, in Belovo's time zone), corrections, who
 * may submit and read, a programme added as a file, and the analytical report.
 */
class LeanPlanIT {
    private static final String REPORTS = "/api/v1/surveys/lean-plan-quarterly/responses";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    @TempDir
    Path otherDefinitions;
    private final SettableClock clock = new SettableClock(Instant.parse("2024-04-03T03:00:00Z"));
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
    void fulfilmentOfAWorkedYearWithALateAndAMissingReport() throws Exception {
        String uer = server.token("coordinator", "uer");
        String education = server.token("coordinator", "education");
        String finance = server.token("coordinator", "finance");
        // Q1, all on time (by 5 April).
        submit(uer, "uer", "2024-Q1", Map.of("proposals_implemented", 2, "trained_external", 1, "internal_trainers", 1, "projects_implemented", 1), 201);
        clock.set(Instant.parse("2024-04-05T10:00:00Z"));
        submit(education, "education", "2024-Q1", Map.of("proposals_implemented", 1), 201);
        submit(finance, "finance", "2024-Q1", Map.of(), 201);
        // Q2: uer on 4 July, corrected on 10 July (after the deadline: lateness is the first report's);
        // education at 01:00 on 6 July in Belovo (18:00 UTC on the 5th): late; finance never.
        clock.set(Instant.parse("2024-07-04T03:00:00Z"));
        submit(uer, "uer", "2024-Q2", Map.of("proposals_implemented", 1, "trained_external", 2, "internal_trainers", 2), 201);
        clock.set(Instant.parse("2024-07-05T18:00:00Z"));
        submit(education, "education", "2024-Q2", Map.of("proposals_implemented", 1), 201);
        clock.set(Instant.parse("2024-07-10T03:00:00Z"));
        submit(uer, "uer", "2024-Q2", Map.of("proposals_implemented", 3, "trained_external", 2, "internal_trainers", 2), 201);
        clock.set(Instant.parse("2024-07-20T03:00:00Z"));

        JsonNode plan = server.get("/api/v1/plan?year=2024", server.token("analyst", null)).json();
        assertThat(plan.get("programme").get("id").asText()).isEqualTo("berezhlivy-kuzbass-2022-2024");
        assertThat(plan.get("lastQuarter").asText()).isEqualTo("2024-Q2");
        assertThat(plan.get("deadline").asText()).isEqualTo("2024-07-05");
        assertThat(plan.get("quartersEnded").asInt()).isEqualTo(2);
        Map<String, JsonNode> indicators = new HashMap<>();
        plan.get("indicators").forEach(indicator -> indicators.put(indicator.get("id").asText(), indicator));

        // Proposals (sum of the quarters): uer 2 + 3 (the correction) = 5 ≥ 4, met, 125%;
        // education 1 + 1 = 2 = 4 · 2/4, on track; finance 0, behind.
        JsonNode proposals = indicators.get("proposals");
        assertThat(unit(proposals, "uer").get("value").asDouble()).isEqualTo(5.0);
        assertThat(unit(proposals, "uer").get("percentDone").asDouble()).isEqualTo(125.0);
        assertThat(unit(proposals, "uer").get("status").asText()).isEqualTo("met");
        assertThat(unit(proposals, "education").get("status").asText()).isEqualTo("on-track");
        assertThat(unit(proposals, "finance").get("status").asText()).isEqualTo("behind");
        assertThat(proposals.get("units")).as("the 19 reporting units; the administration as a whole does not report").hasSize(19);
        assertThat(proposals.get("district").get("value").asDouble()).isEqualTo(7.0);
        assertThat(proposals.get("district").get("target").asDouble()).isEqualTo(4.0 * 19);
        // Trained (sum): 1 + 2 = 3 of 4, 75%, on track; trainers (the latest quarter): 2 of 3, on track.
        assertThat(unit(indicators.get("trained-external"), "uer").get("percentDone").asDouble()).isEqualTo(75.0);
        assertThat(unit(indicators.get("internal-trainers"), "uer").get("value").asDouble()).isEqualTo(2.0);
        assertThat(unit(indicators.get("internal-trainers"), "uer").get("percentDone").asDouble()).isCloseTo(200.0 / 3, within(1e-9));
        // No 2024 project is registered, so projects and the replicated share come from the reports.
        assertThat(unit(indicators.get("projects-implemented"), "uer").get("value").asDouble()).isEqualTo(1.0);
        assertThat(indicators.get("replicated-share").get("district").get("value").asDouble()).isEqualTo(0.0);
        assertThat(indicators.get("replicated-share").get("district").get("status").asText()).isEqualTo("behind");
        assertThat(indicators.get("analytical-reports").get("district").get("status").asText()).isEqualTo("untracked");

        Map<String, String> late = new LinkedHashMap<>();
        plan.get("lateOrMissing").forEach(status -> late.put(status.get("organization").asText(), status.get("status").asText()));
        assertThat(late).containsEntry("education", "late").containsEntry("finance", "missing").doesNotContainKey("uer")
                .doesNotContainKey("administration").hasSize(18);

        JsonNode uerReports = server.get("/api/v1/plan/reports?organization=uer&year=2024", uer).json().get("reports");
        assertThat(uerReports).hasSize(2);
        assertThat(uerReports.get(1).get("corrections").asInt()).isEqualTo(1);
        assertThat(uerReports.get(1).get("late").asBoolean()).as("a correction after the deadline keeps the first report's time").isFalse();
        assertThat(uerReports.get(1).get("history")).hasSize(2);
    }

    @Test
    void aCoordinatorCannotSubmitOrReadAnotherUnitsReport() throws Exception {
        String education = server.token("coordinator", "education");
        submit(education, "uer", "2024-Q1", Map.of(), 403);
        submit(server.token("analyst", null), "uer", "2024-Q1", Map.of(), 403);
        submit(null, "uer", "2024-Q1", Map.of(), 401);
        assertThat(server.storedResponses()).isZero();
        submit(server.adminToken(), "uer", "2024-Q1", Map.of(), 201);
        assertThat(server.get("/api/v1/plan/reports?organization=uer&year=2024", education).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/plan/reports?year=2024", education).json().get("reports")).as("only their own unit's").isEmpty();
        assertThat(server.get("/api/v1/plan?year=2024", education).status()).as("fulfilment is for УЭР").isEqualTo(403);

        TestServer.Reply future = server.post(REPORTS, "application/json", body("uer", "2024-Q3", Map.of()), server.adminToken());
        assertThat(future.json().get("errors").findValuesAsText("field")).containsExactly("quarter");
        Map<String, Object> tooMany = new HashMap<>(Map.of("projects_implemented", 1, "projects_replicated", 2));
        TestServer.Reply inconsistent = server.post(REPORTS, "application/json", body("uer", "2024-Q1", tooMany), server.adminToken());
        assertThat(inconsistent.json().get("errors").findValuesAsText("field")).containsExactly("answers.projects_replicated");
        assertThat(server.storedResponses()).isEqualTo(1);
    }

    @Test
    void aProgrammeAddedAsAFileSetsTheTargetsWithPerKindTargets() throws Exception {
        server.close();
        TestServer.copyDefinitions(otherDefinitions);
        Files.writeString(otherDefinitions.resolve("programmes/next-2028-2030.yaml"), """
                id: next-2028-2030
                name: {ru: 'Следующая программа', en: 'The next programme'}
                years: [2028, 2029, 2030]
                indicators:
                  - id: proposals
                    item: '1.3'
                    name: {ru: 'ППУ', en: 'Proposals'}
                    scope: unit
                    measure: count
                    source: report
                    field: proposals_implemented
                    targets: {2028: 6, 2029: 7, 2030: 8}
                    targetsByKind:
                      institution: {2028: 3}
                """);
        clock.set(Instant.parse("2028-05-01T03:00:00Z"));
        server = TestServer.start(data, clock, otherDefinitions);
        String uer = server.token("coordinator", "uer");
        submit(uer, "uer", "2028-Q1", Map.of("proposals_implemented", 2), 201);
        JsonNode plan = server.get("/api/v1/plan?year=2028", server.token("analyst", null)).json();
        assertThat(plan.get("programme").get("id").asText()).isEqualTo("next-2028-2030");
        JsonNode proposals = plan.get("indicators").get(0);
        assertThat(unit(proposals, "uer").get("target").asDouble()).isEqualTo(6.0);
        assertThat(unit(proposals, "mbu-apb").get("target").asDouble()).as("an institution's own target").isEqualTo(3.0);
        // 2 of 6 after one quarter: 6 · 1/4 = 1.5 → on track.
        assertThat(unit(proposals, "uer").get("status").asText()).isEqualTo("on-track");
    }

    @Test
    void theAnalyticalReportOfAQuarterComesAsAPageAndAWorkbook() throws Exception {
        submit(server.token("coordinator", "uer"), "uer", "2024-Q1",
                Map.of("proposals_implemented", 2, "trained_external", 1, "internal_trainers", 1), 201);
        server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json",
                "{\"organization\":\"uer\",\"answers\":{\"service_time\":5,\"queue_time\":4,\"staff_courtesy\":5,\"premises_comfort\":4,"
                        + "\"information_access\":3}}", null);
        clock.set(Instant.parse("2024-04-20T03:00:00Z"));
        String analyst = server.token("analyst", null);
        assertThat(server.get("/api/v1/plan/analytical-report/2024-Q2", analyst).status()).as("the quarter has not ended").isEqualTo(409);
        JsonNode document = server.get("/api/v1/plan/analytical-report/2024-Q1", analyst).json();
        assertThat(document.get("quarter").asText()).isEqualTo("2024-Q1");
        assertThat(document.get("surveys").findValuesAsText("survey")).contains("citizen-satisfaction");

        TestServer.Reply page = server.get("/api/v1/plan/analytical-report/2024-Q1.html", analyst);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").doesNotContain("script-src");
        assertThat(page.body()).contains("Аналитическая информация о реализации бережливого управления за 2024-Q1")
                .contains("Управление экономического развития").contains("недостаточно ответов").contains("не представлен");

        HttpResponse<byte[]> workbook = server.client().send(HttpRequest.newBuilder(server.uri("/api/v1/plan/analytical-report/2024-Q1.xlsx"))
                .header("Authorization", "Bearer " + analyst).header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(workbook.statusCode()).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(workbook.body()))) {
            Sheet plan = book.getSheet("Plan");
            assertThat(plan).as("sheets named in the caller's language").isNotNull();
            boolean found = false;
            for (Row row : plan) {
                if (row.getCell(2) != null && row.getCell(2).getStringCellValue().equals("Economic development department")
                        && row.getCell(1).getStringCellValue().startsWith("Proposals")) {
                    assertThat(row.getCell(3).getNumericCellValue()).isEqualTo(2.0);
                    found = true;
                }
            }
            assertThat(found).as("the uer row of proposals").isTrue();
        }
    }

    private static JsonNode unit(JsonNode indicator, String organization) {
        for (JsonNode unit : indicator.get("units")) {
            if (unit.get("organization").asText().equals(organization)) {
                return unit;
            }
        }
        throw new AssertionError("no unit " + organization + " in " + indicator);
    }

    private void submit(String token, String organization, String quarter, Map<String, Integer> numbers, int expected) throws Exception {
        TestServer.Reply reply = server.post(REPORTS, "application/json", body(organization, quarter, new HashMap<>(numbers)), token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(expected);
    }

    static String body(String organization, String quarter, Map<String, Object> numbers) throws Exception {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (String field : new String[] {"proposals_made", "proposals_implemented", "projects_started", "projects_implemented",
                "projects_replicated", "trained_external", "internal_trainers", "events"}) {
            answers.put(field, numbers.getOrDefault(field, 0));
        }
        answers.put("summary", "Сделано за квартал");
        return JSON.writeValueAsString(Map.of("organization", organization, "quarter", quarter, "answers", answers));
    }
}

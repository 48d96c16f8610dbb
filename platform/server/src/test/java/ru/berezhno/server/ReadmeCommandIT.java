package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ru.berezhno.core.responses.Periods;
import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.storage.MapDbStore;

/**
 * The README's first command, literally: the built jar started as a process of its own in a fresh
 * working folder that holds a copy of {@code survey-definitions/}, with no {@code --data} and no
 * {@code --definitions} (only the port is chosen). Every kind of answer is taken, through the
 * pages and the API, and is there after a restart. Then the same with the data folder given in
 * the relative and linked ways people write it. Tests that give absolute temporary folders once
 * hid that a relative {@code ./data} refused the very first answer.
 */
class ReadmeCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CITIZENS = "/api/v1/surveys/citizen-satisfaction/responses";
    private static final String STAFF = "/api/v1/surveys/culture-self-diagnosis";

    @TempDir
    Path work;

    @Test
    void theReadmeCommandTakesAnswersOfEveryKindAndKeepsThemAcrossARestart() throws Exception {
        TestServer.copyDefinitions(work.resolve("survey-definitions"));
        String audit;
        String sheet;
        String report;
        String usedCode;
        try (JarServer server = JarServer.start(work, Path.of("data"))) {
            assertThat(Files.isRegularFile(work.resolve("data/admin-token"))).as("the data folder is ./data of the working folder").isTrue();
            citizenThroughTheForm(server);
            assertThat(server.post(CITIZENS, "application/json", ApiIT.citizen("uer", 5, 10), null).status()).isEqualTo(201);

            assertThat(server.post(STAFF + "/rounds", "application/json", "{\"id\": \"2026-H2\"}", server.adminToken()).status()).isEqualTo(201);
            usedCode = server.post(STAFF + "/invitations", "application/json", "{\"organization\": \"uer\", \"count\": 1}", server.adminToken())
                    .json().get("codes").get(0).asText();
            ServerClient.Reply staff = server.post(STAFF + "/responses", "application/json", staffAnswer(server, usedCode), null);
            assertThat(staff.status()).as(staff.body()).isEqualTo(201);

            ServerClient.Reply audited = server.post("/api/v1/surveys/five-s-office-audit/responses", "application/json", FiveSAuditIT.workedAudit(),
                    server.token("auditor", null));
            assertThat(audited.status()).as(audited.body()).isEqualTo(201);
            audit = audited.json().get("id").asText();

            String coordinator = server.token("coordinator", "uer");
            int year = LocalDate.now(ServerSettings.DEFAULT_ZONE).getYear();
            ServerClient.Reply project = server.post("/api/v1/projects", "application/json",
                    JSON.writeValueAsString(Map.of("title", "Электронная очередь", "organization", "uer", "year", year, "status", "in-progress")),
                    coordinator);
            assertThat(project.status()).as(project.body()).isEqualTo(201);
            ServerClient.Reply scored = server.post("/api/v1/surveys/lean-project-significance/responses", "application/json",
                    JSON.writeValueAsString(Map.of("project", project.json().get("id").asText(), "answers", LeanProjectsIT.answers(66))),
                    server.token("expert", null));
            assertThat(scored.status()).as(scored.body()).isEqualTo(201);
            sheet = scored.json().get("id").asText();

            String quarter = Periods.quarterOf(LocalDate.now(ServerSettings.DEFAULT_ZONE));
            ServerClient.Reply reported = server.post("/api/v1/surveys/lean-plan-quarterly/responses", "application/json",
                    LeanPlanIT.body("uer", quarter, Map.of("events", 2)), coordinator);
            assertThat(reported.status()).as(reported.body()).isEqualTo(201);
            report = reported.json().get("id").asText();
            assertThat(server.get("/health", null).status()).isEqualTo(200);
            assertThat(server.stop()).as("a SIGTERM stops the server cleanly").isIn(0, 143);
        }

        try (JarServer server = JarServer.start(work, Path.of("data"))) {
            String analyst = server.token("analyst", null);
            assertThat(server.get("/api/v1/surveys/five-s-office-audit/responses/" + audit, analyst).status()).as("the audit").isEqualTo(200);
            assertThat(server.get("/api/v1/surveys/lean-project-significance/responses/" + sheet, analyst).status()).as("the scoresheet")
                    .isEqualTo(200);
            assertThat(server.get("/api/v1/surveys/lean-plan-quarterly/responses/" + report, analyst).status()).as("the report").isEqualTo(200);
            assertThat(server.post(STAFF + "/responses", "application/json", staffAnswer(server, usedCode), null).status())
                    .as("the invitation code stays used").isEqualTo(409);
            assertThat(server.log()).doesNotContain("ERROR");
            server.stop();
        }
        try (MapDbStore store = MapDbStore.open(work.resolve("data"))) {
            assertThat(store.logSize(ResponseRepository.COLLECTION, "citizen-satisfaction")).as("both citizen answers").isEqualTo(2);
            assertThat(store.logSize(ResponseRepository.COLLECTION, "culture-self-diagnosis")).as("the staff answer").isEqualTo(1);
        }
    }

    /**
     * {@code --data} as people write it: relative, with {@code ./}, up and across, and a symbolic
     * link. The answers land in the folder meant, and are there after a restart.
     */
    @ParameterizedTest
    @ValueSource(strings = {"data", "./data", "../elsewhere/data", "linked"})
    void aRelativeOrLinkedDataFolderTakesAnswersAndKeepsThem(String given) throws Exception {
        Path run = Files.createDirectories(work.resolve("run"));
        TestServer.copyDefinitions(run.resolve("survey-definitions"));
        Path expected = run.resolve(given).normalize();
        if (given.equals("linked")) {
            expected = Files.createDirectories(work.resolve("volume/data"));
            Files.createSymbolicLink(run.resolve("linked"), expected);
        }
        for (int start = 0; start < 2; start++) {
            try (JarServer server = JarServer.start(run, Path.of(given), "--data", given)) {
                citizenThroughTheForm(server);
                assertThat(server.post(CITIZENS, "application/json", ApiIT.citizen("uer", 4, 8), null).status()).isEqualTo(201);
                assertThat(server.log()).doesNotContain("ERROR");
                server.stop();
            }
        }
        assertThat(Files.isRegularFile(expected.resolve("admin-token"))).as("the data is in " + expected).isTrue();
        try (MapDbStore store = MapDbStore.open(expected)) {
            assertThat(store.logSize(ResponseRepository.COLLECTION, "citizen-satisfaction")).as("four answers over two starts").isEqualTo(4);
        }
    }

    /** A citizen answers through the page form, as a phone does: the form, its token, a 303 to the thank-you page. */
    private static void citizenThroughTheForm(ServerClient server) throws Exception {
        FormSession browser = new FormSession(server);
        Map<String, String> form = browser.citizenForm("uer", 4);
        form.put("a.recommend", "9");
        HttpResponse<String> answered = browser.post("/s/citizen-satisfaction", form);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(303);
        assertThat(answered.headers().firstValue("Location").orElse("")).isEqualTo("/s/citizen-satisfaction/thanks");
    }

    /** Every scale item of the self-diagnosis answered 4, with an invitation code. */
    static String staffAnswer(ServerClient server, String code) throws Exception {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (JsonNode section : server.get(STAFF, null).json().get("sections")) {
            for (JsonNode question : section.get("questions")) {
                if (question.get("type").asText().equals("scale")) {
                    answers.put(question.get("id").asText(), 4);
                }
            }
        }
        return JSON.writeValueAsString(Map.of("organization", "uer", "invitation", code, "answers", answers));
    }
}

package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A curious analyst with the dashboard, the API and the exports learns nothing of a group smaller
 * than the threshold: not from the raw export, not from a withheld group's size, not from a round
 * read before and after a colleague answers, not from comments or an optional question few answered.
 */
class AnonymityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CITIZENS = "/api/v1/surveys/citizen-satisfaction";
    private static final String STAFF = "/api/v1/surveys/culture-self-diagnosis";

    @TempDir
    Path data;
    private TestServer server;
    private String analyst;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
        analyst = server.token("analyst", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void oneResponseInAnOrganisationIsInNoExportAndAWithheldGroupShowsNoSize() throws Exception {
        citizens("finance", 1, "Это написал один человек");
        citizens("uer", 7, null);
        citizens("education", 8, null);
        String raw = text(CITIZENS + "/export/responses.csv");
        assertThat(raw).as("the one response in finance, and its comment").doesNotContain("finance").doesNotContain("один человек");
        JsonNode finance = server.get(CITIZENS + "/results?organization=finance", analyst).json();
        assertThat(finance.get("groups").get(0).get("suppressed").asBoolean()).isTrue();
        assertThat(finance.get("groups").get(0).has("responses")).as("a withheld group shows only that it is withheld").isFalse();
        assertThat(finance.get("responses").isNull()).as("nor does the total of a call that asks for it alone").isTrue();
        JsonNode all = server.get(CITIZENS + "/results?groupBy=organization", analyst).json();
        all.get("groups").forEach(group -> assertThat(group.get("suppressed").asBoolean() && group.has("responses")).isFalse());
    }

    @Test
    void aStaffRoundShowsOnlyRoundedCountsUntilItIsClosedAndStaffRowsGoToAdministratorsOnly() throws Exception {
        assertThat(server.post(STAFF + "/rounds", "application/json", "{\"id\": \"2026-H2\"}", server.adminToken()).status()).isEqualTo(201);
        List<String> codes = codes("education", 8);
        for (int i = 0; i < 7; i++) {
            assertThat(server.post(STAFF + "/responses", "application/json", staff("education", codes.get(i), 4), null).status()).isEqualTo(201);
        }
        JsonNode before = group(STAFF + "/results?organization=education&period=2026-H2");
        assertThat(before.get("roundOpen").asBoolean()).isTrue();
        assertThat(before.get("responses").asInt()).as("7, rounded down to a multiple of 5").isEqualTo(5);
        assertThat(before.has("indices")).isFalse();
        // A known colleague answers: the analyst reads again and learns nothing.
        assertThat(server.post(STAFF + "/responses", "application/json", staff("education", codes.get(7), 1), null).status()).isEqualTo(201);
        JsonNode after = group(STAFF + "/results?organization=education&period=2026-H2");
        assertThat(after).as("the same before and after one more answer").isEqualTo(before);
        assertThat(server.get(STAFF + "/results?organization=education", analyst).json().get("groups").get(0).has("indices"))
                .as("nor over all periods").isFalse();
        assertThat(server.get(STAFF + "/findings?period=2026-H2", analyst).json().get("organizations")).isEmpty();
        assertThat(server.get(STAFF + "/export/responses.csv", analyst).status()).as("staff rows are for administrators only").isEqualTo(403);
        assertThat(text(STAFF + "/export/responses.csv", server.adminToken()).lines().count()).as("and never of an open round").isEqualTo(1);

        assertThat(server.post(STAFF + "/rounds/2026-H2/close", "application/json", "", server.adminToken()).status()).isEqualTo(200);
        JsonNode closed = group(STAFF + "/results?organization=education&period=2026-H2");
        assertThat(closed.get("roundOpen")).isNull();
        assertThat(closed.get("responses").asInt()).isEqualTo(8);
        assertThat(closed.has("indices")).isTrue();
        assertThat(text(STAFF + "/export/responses.csv", server.adminToken()).lines().count()).isEqualTo(9);
    }

    @Test
    void slipsLeftFromTheLastRoundDoNotAnswerInTheNext() throws Exception {
        assertThat(codes("uer", 1)).as("no codes without an open round").isEmpty();
        assertThat(server.post(STAFF + "/rounds", "application/json", "{\"id\": \"2026-H1\"}", server.adminToken()).status()).isEqualTo(201);
        List<String> first = codes("uer", 2);
        assertThat(server.post(STAFF + "/responses", "application/json", staff("uer", first.get(0), 4), null).status()).isEqualTo(201);
        assertThat(server.post(STAFF + "/rounds/2026-H1/close", "application/json", "", server.adminToken()).status()).isEqualTo(200);
        assertThat(server.post(STAFF + "/rounds", "application/json", "{\"id\": \"2026-H2\"}", server.adminToken()).status()).isEqualTo(201);
        ServerClient.Reply stale = server.post(STAFF + "/responses", "application/json", staff("uer", first.get(1), 4), null);
        assertThat(stale.status()).as("a slip of the last round").isEqualTo(403);
        assertThat(stale.json().get("detail").asText()).contains("прошлого этапа").contains("новый");
        List<String> second = codes("uer", 1);
        assertThat(server.post(STAFF + "/responses", "application/json", staff("uer", second.get(0), 4), null).status()).isEqualTo(201);
    }

    @Test
    void commentsCountThemselvesAndAreNeverSubtractableBetweenATotalAndItsParts() throws Exception {
        // uer: 10 responses and 10 comments; education: 10 responses but only 3 comments.
        citizens("uer", 10, "В УЭР");
        citizens("culture", 9, "В культуре");
        citizens("education", 7, null);
        citizens("education", 3, "В образовании");
        JsonNode education = group(CITIZENS + "/results?organization=education");
        assertThat(education.get("suppressed").asBoolean()).isFalse();
        assertThat(education.get("questions").get("comment").has("comments")).as("3 comments, below the 8 comments needed").isFalse();
        JsonNode district = group(CITIZENS + "/results");
        List<String> comments = new ArrayList<>();
        district.get("questions").get("comment").get("comments").forEach(comment -> comments.add(comment.asText()));
        assertThat(comments).as("the district's comments are those of groups shown on their own: none of education's three, "
                + "nor culture's, withheld so that education's cannot be had by subtraction").isNotEmpty().allMatch(comment -> comment.equals("В УЭР"));
        assertThat(text(CITIZENS + "/export/responses.csv")).doesNotContain("В образовании");
    }

    @Test
    void anOptionalQuestionAnsweredByOneInAShownGroupIsWithheldAndSoIsWhatWouldGiveItAway() throws Exception {
        for (int i = 0; i < 6; i++) {
            submit("uer", 4, i == 0 ? 10 : null);
        }
        for (int i = 0; i < 6; i++) {
            submit("education", 4, 8);
        }
        for (int i = 0; i < 6; i++) {
            submit("culture", 4, 7);
        }
        JsonNode uer = group(CITIZENS + "/results?organization=uer");
        assertThat(uer.get("suppressed").asBoolean()).isFalse();
        assertThat(uer.get("questions").get("recommend").get("withheld").asBoolean()).as("recommend answered by one in uer").isTrue();
        assertThat(uer.get("indices").has("nps")).as("no index from it either").isFalse();
        JsonNode district = group(CITIZENS + "/results");
        JsonNode education = group(CITIZENS + "/results?organization=education");
        JsonNode culture = group(CITIZENS + "/results?organization=culture");
        long shown = 0;
        for (JsonNode part : List.of(education, culture)) {
            shown += part.get("questions").get("recommend").path("n").asLong(0);
        }
        JsonNode total = district.get("questions").get("recommend");
        assertThat(total.has("withheld") || shown == 0 || total.get("n").asLong() - shown != 1)
                .as("the district's recommend minus the shown groups' never gives uer's one answer").isTrue();
        assertThat(text(CITIZENS + "/export/responses.csv").lines().filter(line -> line.startsWith("uer,")).toList())
                .as("uer's rows are out, or carry no recommend").allSatisfy(line -> assertThat(line).doesNotContain(",10,"));
    }

    @Test
    void namedScoresheetsGoToAnalystsAndAdministratorsAndAuditorsRankOnlyAudits() throws Exception {
        String coordinator = server.token("coordinator", "uer");
        String project = server.post("/api/v1/projects", "application/json",
                JSON.writeValueAsString(Map.of("title", "Очередь", "organization", "uer", "year", 2026, "status", "in-progress")), coordinator)
                .json().get("id").asText();
        String expert = server.token("expert", null);
        assertThat(server.post("/api/v1/surveys/lean-project-significance/responses", "application/json",
                JSON.writeValueAsString(Map.of("project", project, "answers", LeanProjectsIT.answers(66))), expert).status()).isEqualTo(201);
        String path = "/api/v1/projects/" + project + "/significance";
        assertThat(server.get(path, analyst).json().get("sheets")).as("analysts see the named sheets").hasSize(1);
        assertThat(server.get(path, server.adminToken()).json().get("sheets")).hasSize(1);
        for (String other : List.of(coordinator, expert)) {
            JsonNode figures = server.get(path, other).json();
            assertThat(figures.get("sheets").isNull()).as("others see the aggregate only").isTrue();
            assertThat(figures.get("total").get("value").asDouble()).isEqualTo(66.0);
        }
        citizens("uer", 6, null);
        String auditor = server.token("auditor", null);
        assertThat(server.get(CITIZENS + "/ranking", auditor).status()).as("an auditor reads no ranking of an anonymous survey").isEqualTo(403);
        assertThat(server.get(CITIZENS + "/ranking", analyst).status()).isEqualTo(200);
        assertThat(server.get("/api/v1/surveys/five-s-office-audit/ranking", auditor).status()).as("audits, given under a name, it ranks")
                .isEqualTo(200);
    }

    private void citizens(String organization, int count, String comment) throws Exception {
        for (int i = 0; i < count; i++) {
            String body = ApiIT.citizen(organization, 4, null);
            if (comment != null) {
                body = body.replace("\"overall\": 4", "\"overall\": 4, \"comment\": " + JSON.writeValueAsString(comment));
            }
            assertThat(server.post(CITIZENS + "/responses", "application/json", body, null).status()).isEqualTo(201);
        }
    }

    private void submit(String organization, int rating, Integer recommend) throws Exception {
        assertThat(server.post(CITIZENS + "/responses", "application/json", ApiIT.citizen(organization, rating, recommend), null).status())
                .isEqualTo(201);
    }

    /** Codes issued by an admin; none (and a 409) when the survey has no open round. */
    private List<String> codes(String organization, int count) throws Exception {
        List<String> codes = new ArrayList<>();
        ServerClient.Reply reply = server.post(STAFF + "/invitations", "application/json",
                "{\"organization\": \"" + organization + "\", \"count\": " + count + "}", server.adminToken());
        if (reply.status() == 409) {
            return codes;
        }
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        reply.json().get("codes").forEach(code -> codes.add(code.asText()));
        return codes;
    }

    private String staff(String organization, String code, int agree) throws Exception {
        Map<String, Object> answers = new java.util.LinkedHashMap<>();
        for (JsonNode section : server.get(STAFF, null).json().get("sections")) {
            for (JsonNode question : section.get("questions")) {
                if (question.get("type").asText().equals("scale")) {
                    answers.put(question.get("id").asText(), agree);
                }
            }
        }
        return JSON.writeValueAsString(Map.of("organization", organization, "invitation", code, "answers", answers));
    }

    private JsonNode group(String path) throws Exception {
        ServerClient.Reply reply = server.get(path, analyst);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().has("groups")).as(path + ": " + reply.body()).isTrue();
        return reply.json().get("groups").get(0);
    }

    private String text(String path) throws Exception {
        return text(path, analyst);
    }

    private String text(String path, String token) throws Exception {
        ServerClient.Reply reply = server.get(path, token);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return new String(reply.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace("\uFEFF", "");
    }
}

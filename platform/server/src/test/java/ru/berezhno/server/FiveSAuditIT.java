package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.berezhno.core.actions.ActionService;
import ru.berezhno.testing.SettableClock;

/** 5S audits through the real server: scores, the auditor-only rule, corrective actions and re-audits. */
class FiveSAuditIT {
    private static final String SUBMIT = "/api/v1/surveys/five-s-office-audit/responses";
    private static final List<String> STEPS = List.of("sort", "order", "shine", "standardize", "sustain");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    /** 10 November 2026, 10:00 in Belovo (UTC+7): the fourth quarter. */
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-10T03:00:00Z"));
    private TestServer server;
    private String auditor;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data, clock);
        auditor = server.token("auditor", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void onlyAnAuditorOrAnAdminMayRecordAnAudit() throws Exception {
        String body = audit("uer", "кабинет 214", uniform(16), Map.of());
        TestServer.Reply anonymous = server.post(SUBMIT, "application/json", body, null);
        assertThat(anonymous.status()).as("without a token").isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        for (String role : List.of("analyst", "expert", "coordinator")) {
            TestServer.Reply reply = server.post(SUBMIT, "application/json", body, server.token(role, "uer"));
            assertThat(reply.status()).as(role + " may not audit").isEqualTo(403);
            assertThat(reply.contentType()).startsWith("application/problem+json");
        }
        assertThat(server.storedResponses()).as("nothing stored by refused audits").isZero();
        assertThat(server.post(SUBMIT, "application/json", body, auditor).status()).isEqualTo(201);
        assertThat(server.post(SUBMIT, "application/json", body, server.adminToken()).status()).isEqualTo(201);
        assertThat(server.storedResponses()).isEqualTo(2);
    }

    @Test
    void aWorkedAuditIsScoredAsByHandAndRecordsItsAuditorAndActions() throws Exception {
        TestServer.Reply reply = server.post(SUBMIT, "application/json", workedAudit(), auditor);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        JsonNode scores = reply.json().get("scores");
        // Hand-computed in FiveSAuditKindTest: total 68 of 100 points.
        assertThat(scores.get("total").asDouble()).isEqualTo(68.0);
        assertThat(scores.get("band").asText()).isEqualTo("developing");
        assertThat(List.of(scores.get("sort").asDouble(), scores.get("order").asDouble(), scores.get("shine").asDouble(),
                scores.get("standardize").asDouble(), scores.get("sustain").asDouble())).containsExactly(85.0, 50.0, 100.0, 35.0, 70.0);
        JsonNode actions = reply.json().get("actions");
        assertThat(actions.findValuesAsText("item")).containsExactly("sort_4", "standardize_5");
        assertThat(actions.get(0).get("status").asText()).isEqualTo("open");
        assertThat(actions.get(0).get("due").asText()).as("due %d days after the audit", ActionService.DEFAULT_DUE_DAYS).isEqualTo("2026-12-10");
        assertThat(actions.get(0).get("owner").isNull()).isTrue();
        assertThat(reply.json().has("sincePrevious")).as("a first audit has nothing to compare with").isFalse();

        String id = reply.json().get("id").asText();
        JsonNode stored = server.get(SUBMIT + "/" + id, server.token("analyst", null)).json();
        assertThat(stored.get("author").asText()).isEqualTo("Тест auditor");
        assertThat(stored.get("submittedAt").asText()).isEqualTo("2026-11-10T03:00:00Z");
        assertThat(stored.get("subject").asText()).isEqualTo("кабинет 214");
        assertThat(stored.get("period").asText()).isEqualTo("2026-Q4");
        assertThat(stored.get("scores").get("total").asDouble()).isEqualTo(68.0);
        assertThat(stored.get("actions")).hasSize(2);
    }

    @Test
    void badAuditsAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
        Map<String, Object> fiveOutOfFour = uniform(16);
        fiveOutOfFour.put("sort_1", 5);
        Map<String, Object> negativeCount = uniform(16);
        negativeCount.remove("order_2");
        negativeCount.put("order_2_problems", -1);
        Map<String, Object> unknownItem = uniform(16);
        unknownItem.put("sort_9", 3);
        Map<String, Object> both = uniform(16);
        both.put("shine_3_problems", 2);
        Map<String, Object> neither = uniform(16);
        neither.remove("sustain_4");
        Map<String, Object> blankArea = uniform(16);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(audit("uer", "кабинет 214", fiveOutOfFour, Map.of("sort_1", "finding")), "answers.sort_1");
        cases.put(audit("uer", "кабинет 214", negativeCount, Map.of()), "answers.order_2_problems");
        cases.put(audit("uer", "кабинет 214", unknownItem, Map.of()), "answers.sort_9");
        cases.put(audit("uer", "кабинет 214", both, Map.of()), "answers.shine_3_problems");
        cases.put(audit("uer", "кабинет 214", neither, Map.of()), "answers.sustain_4");
        cases.put(audit("uer", "   ", blankArea, Map.of()), "answers.area");
        cases.put(audit("nowhere", "кабинет 214", uniform(16), Map.of()), "organization");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            TestServer.Reply reply = server.post(SUBMIT, "application/json", bad.getKey(), auditor);
            assertThat(reply.status()).as(bad.getValue() + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().get("errors").findValuesAsText("field")).as(reply.body()).containsExactly(bad.getValue());
            assertThat(reply.json().get("errors").get(0).get("message").asText()).isNotBlank();
        }
        TestServer.Reply english = server.send(java.net.http.HttpRequest.newBuilder(server.uri(SUBMIT))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(audit("uer", "x", both, Map.of())))
                .header("Content-Type", "application/json").header("Accept-Language", "en").header("Authorization", "Bearer " + auditor).build());
        assertThat(english.json().get("errors").get(0).get("message").asText()).isEqualTo("Give either a score or a number of problems, not both.");
        assertThat(server.storedResponses()).isZero();
        assertThat(server.platform().store().count(ActionService.COLLECTION, "")).as("no action from a refused audit").isZero();
    }

    @Test
    void actionsGoFromOpenToDoneToVerifiedAndAreFlaggedWhenOverdue() throws Exception {
        JsonNode raised = server.post(SUBMIT, "application/json", workedAudit(), auditor).json().get("actions");
        String first = raised.get(0).get("id").asText();
        String second = raised.get(1).get("id").asText();
        String coordinator = server.token("coordinator", "uer");
        String otherCoordinator = server.token("coordinator", "education");
        String analyst = server.token("analyst", null);

        JsonNode listed = server.get("/api/v1/actions?organization=uer&status=open", analyst).json();
        assertThat(listed.get("actions").findValuesAsText("id")).containsExactly(first, second);
        assertThat(server.get("/api/v1/actions", otherCoordinator).json().get("actions")).as("a coordinator sees only their own").isEmpty();
        assertThat(server.get("/api/v1/actions?organization=uer", otherCoordinator).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/actions", null).status()).isEqualTo(401);
        assertThat(server.get("/api/v1/actions?status=closed&overdue=maybe", analyst).json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("status", "overdue");

        assertThat(server.patch("/api/v1/actions/" + first, "{\"status\":\"done\"}", otherCoordinator).status())
                .as("a coordinator of another organisation").isEqualTo(403);
        assertThat(server.patch("/api/v1/actions/" + first, "{\"status\":\"done\"}", analyst).status()).as("an analyst").isEqualTo(403);
        TestServer.Reply badPatch = server.patch("/api/v1/actions/" + first, "{\"status\":\"finished\",\"owner\":\" \",\"due\":\"10.12.2026\",\"x\":1}",
                coordinator);
        assertThat(badPatch.status()).isEqualTo(400);
        assertThat(badPatch.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("status", "owner", "due", "x");
        assertThat(server.get("/api/v1/actions/" + first, analyst).json().get("history")).as("a refused change changes nothing").hasSize(1);

        TestServer.Reply done = server.patch("/api/v1/actions/" + first,
                "{\"status\":\"done\",\"owner\":\"Иванова И. И.\",\"due\":\"2026-11-30\"}", coordinator);
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("status").asText()).isEqualTo("done");
        assertThat(done.json().get("owner").asText()).isEqualTo("Иванова И. И.");
        assertThat(server.patch("/api/v1/actions/" + first, "{\"status\":\"verified\"}", coordinator).status())
                .as("a coordinator does not verify their own organisation's work").isEqualTo(403);
        TestServer.Reply verified = server.patch("/api/v1/actions/" + first, "{\"status\":\"verified\"}", auditor);
        assertThat(verified.json().get("status").asText()).isEqualTo("verified");
        assertThat(verified.json().get("history").findValuesAsText("status")).containsExactly("open", "done", "verified");
        assertThat(verified.json().get("history").get(2).get("by").asText()).isEqualTo("Тест auditor");
        TestServer.Reply backwards = server.patch("/api/v1/actions/" + first, "{\"status\":\"done\"}", auditor);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("errors").findValuesAsText("field")).containsExactly("status");

        assertThat(server.get("/api/v1/actions?overdue=true", analyst).json().get("actions")).as("nothing is overdue on the day").isEmpty();
        clock.advance(Duration.ofDays(31));
        JsonNode overdue = server.get("/api/v1/actions?overdue=true", analyst).json();
        assertThat(overdue.get("actions").findValuesAsText("id")).as("the open action past its due date").containsExactly(second);
        assertThat(overdue.get("actions").get(0).get("overdue").asBoolean()).isTrue();
        assertThat(overdue.get("overdue").asLong()).isEqualTo(1);
        assertThat(server.get("/api/v1/actions/" + first, analyst).json().get("overdue").asBoolean()).as("a verified action is never overdue").isFalse();
    }

    @Test
    void aReAuditShowsTheChangePerStepAndWhichActionsWereVerified() throws Exception {
        JsonNode raised = server.post(SUBMIT, "application/json", workedAudit(), auditor).json().get("actions");
        String verifiedAction = raised.get(0).get("id").asText();
        String openAction = raised.get(1).get("id").asText();
        server.patch("/api/v1/actions/" + verifiedAction, "{\"status\":\"verified\"}", auditor);
        server.post(SUBMIT, "application/json", audit("education", "приёмная", uniform(12), Map.of()), auditor);

        clock.advance(Duration.ofDays(100));
        // Re-audit: sort 20 (100%), order 4 4 3 3 2 = 16 (80%), shine 20 (100%), standardize 3×5 = 15 (75%),
        // sustain 4 4 3 3 3 = 17 (85%); total 88 (established). Change: +20 total, +15, +30, 0, +40, +15.
        Map<String, Object> answers = uniform(20);
        scores(answers, "order", 4, 4, 3, 3, 2);
        scores(answers, "standardize", 3, 3, 3, 3, 3);
        scores(answers, "sustain", 4, 4, 3, 3, 3);
        TestServer.Reply reAudit = server.post(SUBMIT, "application/json", audit("uer", "  Кабинет  214", answers, Map.of()), auditor);
        assertThat(reAudit.status()).as(reAudit.body()).isEqualTo(201);
        assertThat(reAudit.json().get("scores").get("total").asDouble()).isEqualTo(88.0);
        assertThat(reAudit.json().get("scores").get("band").asText()).isEqualTo("established");
        JsonNode since = reAudit.json().get("sincePrevious");
        assertThat(since.get("previous").get("scores").get("total").asDouble()).isEqualTo(68.0);
        JsonNode change = since.get("change");
        assertThat(List.of(change.get("total").asDouble(), change.get("sort").asDouble(), change.get("order").asDouble(),
                change.get("shine").asDouble(), change.get("standardize").asDouble(), change.get("sustain").asDouble()))
                .containsExactly(20.0, 15.0, 30.0, 0.0, 40.0, 15.0);
        assertThat(since.get("verifiedActions").findValuesAsText("id")).containsExactly(verifiedAction);
        assertThat(since.get("outstandingActions").findValuesAsText("id")).containsExactly(openAction);

        String analyst = server.token("analyst", null);
        JsonNode trend = server.get("/api/v1/surveys/five-s-office-audit/subjects?organization=uer", analyst).json().get("subjects");
        assertThat(trend).hasSize(1);
        assertThat(trend.get(0).get("subject").asText()).isEqualTo("кабинет 214");
        assertThat(trend.get(0).get("entries").findValues("scores").stream().map(scores -> scores.get("total").asDouble()).toList())
                .containsExactly(68.0, 88.0);
        assertThat(server.get("/api/v1/surveys/citizen-satisfaction/subjects", analyst).status()).as("anonymous surveys have no history")
                .isEqualTo(404);

        JsonNode results = server.get("/api/v1/surveys/five-s-office-audit/results?groupBy=organization,period", analyst).json();
        Map<String, Double> totals = new HashMap<>();
        for (JsonNode group : results.get("groups")) {
            assertThat(group.get("suppressed").asBoolean()).as("audits are not anonymous: single audits are shown").isFalse();
            totals.put(group.get("organization").asText() + " " + group.get("period").asText(), group.get("indices").get("total").get("value").asDouble());
        }
        assertThat(totals).containsOnly(Map.entry("uer 2026-Q4", 68.0), Map.entry("education 2026-Q4", 60.0), Map.entry("uer 2027-Q1", 88.0));
        JsonNode ranking = server.get("/api/v1/surveys/five-s-office-audit/ranking?period=2026-Q4", analyst).json();
        assertThat(ranking.get("index").asText()).isEqualTo("total");
        assertThat(ranking.get("ranking").findValuesAsText("organization")).containsExactly("uer", "education");
        assertThat(ranking.get("ranking").get(0).get("value").asDouble()).isCloseTo(68.0, within(1e-9));
        assertThat(server.get("/api/v1/surveys/five-s-office-audit/ranking?index=nothing", analyst).json().get("errors").findValuesAsText("field"))
                .containsExactly("index");
    }

    /** The audit worked by hand in FiveSAuditKindTest, with two findings. */
    static String workedAudit() throws Exception {
        Map<String, Object> answers = new HashMap<>();
        scores(answers, "sort", 4, 4, 3, 2, 4);
        for (int i = 0; i < 5; i++) {
            answers.put("order_" + (i + 1) + "_problems", new int[] {0, 1, 2, 3, 7}[i]);
        }
        scores(answers, "shine", 4, 4, 4, 4, 4);
        scores(answers, "standardize", 2, 2, 2, 1, 0);
        scores(answers, "sustain", 3, 3, 3, 3);
        answers.put("sustain_5_problems", 2);
        return audit("uer", "Кабинет 214", answers, Map.of("sort_4", "Лишние файлы на рабочем столе", "standardize_5", "Нет СОК на рабочих местах"));
    }

    /** Every item scored so that each step has {@code pointsPerStep} points. */
    private static Map<String, Object> uniform(int pointsPerStep) {
        Map<String, Object> answers = new HashMap<>();
        for (String step : STEPS) {
            int left = pointsPerStep;
            for (int i = 1; i <= 5; i++) {
                int score = Math.min(4, left);
                left -= score;
                answers.put(step + "_" + i, score);
            }
        }
        return answers;
    }

    private static void scores(Map<String, Object> answers, String step, int... scores) {
        for (int i = 0; i < scores.length; i++) {
            answers.put(step + "_" + (i + 1), scores[i]);
        }
    }

    private static String audit(String organization, String area, Map<String, Object> items, Map<String, String> findings) throws Exception {
        Map<String, Object> answers = new LinkedHashMap<>(items);
        answers.put("area", area);
        findings.forEach((item, text) -> answers.put(item + "_finding", text));
        return JSON.writeValueAsString(Map.of("organization", organization, "answers", answers));
    }
}

package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every kind of bad submission gets a 4xx problem that names each bad field, with no class names
 * or stack traces, and nothing is stored.
 */
class BadInputIT {
    private static final String SUBMIT = "/api/v1/surveys/citizen-satisfaction/responses";
    private static final String VALID = ApiIT.citizen("uer", 4, 8);

    @TempDir
    static Path data;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> badSubmissions() {
        String deep = "[".repeat(40) + "]".repeat(40);
        return Stream.of(
                Arguments.of("unknown organisation", VALID.replace("\"uer\"", "\"atlantis\""), 400, List.of("organization")),
                Arguments.of("missing organisation", VALID.replace("\"organization\": \"uer\",", ""), 400, List.of("organization")),
                Arguments.of("organisation not a string", VALID.replace("\"uer\"", "42"), 400, List.of("organization")),
                Arguments.of("rating above the scale", VALID.replace("\"queue_time\": 4", "\"queue_time\": 6"), 400, List.of("answers.queue_time")),
                Arguments.of("rating below the scale", VALID.replace("\"queue_time\": 4", "\"queue_time\": 0"), 400, List.of("answers.queue_time")),
                Arguments.of("rating as a string", VALID.replace("\"queue_time\": 4", "\"queue_time\": \"4\""), 400, List.of("answers.queue_time")),
                Arguments.of("rating as a fraction", VALID.replace("\"queue_time\": 4", "\"queue_time\": 4.5"), 400, List.of("answers.queue_time")),
                Arguments.of("recommend above 10", VALID.replace("\"recommend\": 8", "\"recommend\": 11"), 400, List.of("answers.recommend")),
                Arguments.of("missing required answers", VALID.replace("\"service_time\": 4, \"queue_time\": 4,", ""), 400,
                        List.of("answers.service_time", "answers.queue_time")),
                Arguments.of("unknown option", VALID.replace("\"housing\"", "\"spaceflight\""), 400, List.of("answers.service")),
                Arguments.of("option as a list", VALID.replace("\"housing\"", "[\"housing\"]"), 400, List.of("answers.service")),
                Arguments.of("unknown question", VALID.replace("\"overall\": 4", "\"overall\": 4, \"mood\": 3"), 400, List.of("answers.mood")),
                Arguments.of("unknown top-level field", VALID.replace("{\"organization\"", "{\"respondent\": \"Иванов\", \"organization\""), 400,
                        List.of("respondent")),
                Arguments.of("comment too long", VALID.replace("\"overall\": 4", "\"overall\": 4, \"comment\": \"" + "я".repeat(2001) + "\""), 400,
                        List.of("answers.comment")),
                Arguments.of("comment not text", VALID.replace("\"overall\": 4", "\"overall\": 4, \"comment\": {\"a\": 1}"), 400,
                        List.of("answers.comment")),
                Arguments.of("answers not an object", "{\"organization\": \"uer\", \"answers\": [1, 2]}", 400, List.of("answers")),
                Arguments.of("body an array", "[]", 400, List.of("$")),
                Arguments.of("empty body", "", 400, List.of("$")),
                Arguments.of("several problems at once", VALID.replace("\"uer\"", "\"atlantis\"").replace("\"queue_time\": 4", "\"queue_time\": 9")
                        .replace("\"housing\"", "\"nothing\""), 400, List.of("organization", "answers.queue_time", "answers.service")),
                Arguments.of("malformed JSON", "{\"organization\": \"uer\", \"answers\": {", 400, List.of()),
                Arguments.of("trailing garbage", VALID + " }", 400, List.of()),
                Arguments.of("duplicate key", "{\"organization\": \"uer\", \"organization\": \"education\", \"answers\": {}}", 400, List.of()),
                Arguments.of("nesting too deep", "{\"organization\": \"uer\", \"answers\": {\"comment\": " + deep + "}}", 400, List.of()),
                Arguments.of("number too long", VALID.replace("\"queue_time\": 4", "\"queue_time\": 4" + "0".repeat(100)), 400, List.of()),
                Arguments.of("infinite rating", VALID.replace("\"queue_time\": 4", "\"queue_time\": 1e999"), 400, List.of("answers.queue_time")),
                Arguments.of("rating with a vast exponent", VALID.replace("\"queue_time\": 4", "\"queue_time\": 1e600000000"), 400,
                        List.of("answers.queue_time")),
                Arguments.of("an exponent beyond an int", VALID.replace("\"queue_time\": 4", "\"queue_time\": 1e2147483648"), 400, List.of()),
                Arguments.of("a zero with an exponent beyond an int", VALID.replace("\"queue_time\": 4", "\"queue_time\": 0.0e-2147483647"), 400,
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubmissions")
    void aBadSubmissionIsRefusedWithItsFieldsNamedAndNothingStored(String what, String body, int status, List<String> fields) throws Exception {
        long before = server.storedResponses();
        TestServer.Reply reply = server.post(SUBMIT, "application/json", body, null);
        assertProblem(reply, status);
        if (!fields.isEmpty()) {
            assertThat(reply.json().get("errors").findValuesAsText("field")).as(what).containsExactlyInAnyOrderElementsOf(fields);
        }
        assertThat(server.storedResponses()).as("nothing stored for: " + what).isEqualTo(before);
    }

    @Test
    void aNumberAnswerOfOneEToTheNineHundredNinetyNineIsA400NamingItsFieldNotA500() throws Exception {
        String auditor = server.token("auditor", null);
        for (String number : List.of("1e999", "-1e999", "1e600000000", "1.5e-600000000", "123456789012345678901234567890123456789")) {
            TestServer.Reply reply = server.post("/api/v1/surveys/five-s-office-audit/responses", "application/json",
                    FiveSAuditIT.workedAudit().replace("\"order_1_problems\":0", "\"order_1_problems\":" + number), auditor);
            assertProblem(reply, 400);
            assertThat(reply.json().get("errors").findValuesAsText("field")).as(number).containsExactly("answers.order_1_problems");
        }
        String line = VALID.strip().replace("{\"organization\"", "{\"submittedAt\": \"2025-02-10\", \"organization\"").replace("\n", " ")
                .replace("\"queue_time\": 4", "\"queue_time\": 1e999");
        TestServer.Reply imported = server.post(SUBMIT + "/import", "application/x-ndjson", line + "\n", server.adminToken());
        assertProblem(imported, 400);
        assertThat(imported.json().get("errors").findValuesAsText("field")).containsExactly("answers.queue_time");
    }

    /**
     * A page form whose scale answers are {@code 1e30000000}: turning such a text into an integer
     * takes minutes of CPU, so it must be refused as text before any arithmetic, beside its question.
     */
    @Test
    void hugeExponentsInAPageFormAreRefusedBesideTheirQuestionsAtOnce() throws Exception {
        long before = server.storedResponses();
        FormSession browser = new FormSession(server);
        String page = browser.get("/s/citizen-satisfaction?org=uer").body();
        StringBuilder form = new StringBuilder("csrf=" + FormSession.hidden(page, "csrf") + "&organization=uer&a.service=housing");
        for (String criterion : List.of("service_time", "queue_time", "staff_courtesy", "premises_comfort", "information_access", "overall")) {
            form.append("&a.").append(criterion).append("=1e30000000");
        }
        form.append("&a.recommend=1e600000000");
        java.net.http.HttpResponse<String> refused = browser.send(java.net.http.HttpRequest.newBuilder(server.uri("/s/citizen-satisfaction"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(java.time.Duration.ofSeconds(10))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form.toString())));
        assertThat(refused.statusCode()).isEqualTo(400);
        for (String question : List.of("queue_time", "overall", "recommend")) {
            assertThat(refused.body()).as(question).contains("id=\"e-" + question + "\"");
        }
        assertThat(server.storedResponses()).isEqualTo(before);
    }

    @Test
    void aBodyOverSixtyFourKibibytesIsRefusedWith413() throws Exception {
        long before = server.storedResponses();
        String padding = " ".repeat(70 * 1024);
        TestServer.Reply reply = server.post(SUBMIT, "application/json", VALID.replace("{\"organization\"", "{" + padding + "\"organization\""), null);
        assertProblem(reply, 413);
        assertThat(server.storedResponses()).isEqualTo(before);
    }

    @Test
    void aWrongContentTypeIsRefusedWith415() throws Exception {
        long before = server.storedResponses();
        assertProblem(server.post(SUBMIT, "text/plain", VALID, null), 415);
        assertProblem(server.post(SUBMIT, "application/x-www-form-urlencoded", "organization=uer", null), 415);
        assertThat(server.storedResponses()).isEqualTo(before);
    }

    @Test
    void anUnknownSurveyIs404() throws Exception {
        long before = server.storedResponses();
        assertProblem(server.post("/api/v1/surveys/no-such-survey/responses", "application/json", VALID, null), 404);
        assertThat(server.storedResponses()).isEqualTo(before);
    }

    @Test
    void unknownPathsAndMethodsAreProblemsToo() throws Exception {
        assertProblem(server.get("/api/v1/nothing-here", null), 404);
        TestServer.Reply wrongMethod = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/api/v1/surveys")).DELETE().build());
        assertProblem(wrongMethod, 405);
        assertThat(wrongMethod.header("Allow")).contains("GET");
    }

    @Test
    void errorsAreInEnglishForWhoeverAsks() throws Exception {
        TestServer.Reply reply = server.send(java.net.http.HttpRequest.newBuilder(server.uri(SUBMIT))
                .header("Content-Type", "application/json").header("Accept-Language", "en-GB,en;q=0.8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(VALID.replace("\"uer\"", "\"atlantis\""), StandardCharsets.UTF_8)).build());
        assertThat(reply.json().get("title").asText()).isEqualTo("The request has errors");
        assertThat(reply.json().get("errors").get(0).get("message").asText()).isEqualTo("Organisation 'atlantis' is not in the directory.");
        TestServer.Reply russian = server.post(SUBMIT, "application/json", VALID.replace("\"uer\"", "\"atlantis\""), null);
        assertThat(russian.json().get("errors").get(0).get("message").asText()).isEqualTo("Организация «atlantis» не найдена в справочнике.");
    }

    @Test
    void theSameValidSubmissionIsAccepted() throws Exception {
        long before = server.storedResponses();
        assertThat(server.post(SUBMIT, "application/json", VALID, null).status()).isEqualTo(201);
        assertThat(server.storedResponses()).isEqualTo(before + 1);
    }

    private static void assertProblem(TestServer.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith("/problems/");
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("com.fasterxml").doesNotContain("jakarta.").doesNotContain("\tat ")
                .doesNotContain("ru.berezhno");
    }
}

package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anonymous submissions are taken in by Jetty ahead of Jersey ({@code SubmissionHandler}); with a
 * token the same request goes through Jersey's resource. Both must answer alike, for good input and
 * for every kind of bad input, and whatever the handler does not take must reach Jersey unchanged.
 */
class SubmissionHandlerIT {
    private static final String CITIZEN = "/api/v1/surveys/citizen-satisfaction/responses";
    private static final String STAFF = "/api/v1/surveys/culture-self-diagnosis/responses";
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private record Case(String path, String contentType, String acceptLanguage, String body) {
    }

    @Test
    void aPlainSubmissionIsAnsweredAsJerseyAnswersItForGoodAndBadInput() throws Exception {
        String good = ApiIT.citizen("uer", 4, 9);
        String nested = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        List<Case> cases = List.of(
                new Case(CITIZEN, "application/json", null, good),
                new Case(CITIZEN, "application/json; charset=UTF-8", "en", good),
                new Case(CITIZEN, "application/json", null, ApiIT.citizen("no-such-organisation", 9, 11)),
                new Case(CITIZEN, "application/json", "en", ApiIT.citizen("no-such-organisation", 9, 11)),
                new Case(CITIZEN, "application/json", "en-GB;q=0.5, en;q=0.1, ru;q=0.9", ApiIT.citizen("uer", 0, null)),
                new Case(CITIZEN, "application/json", null, "{\"organization\": \"uer\", \"answers\": {\"overall\": 4, \"overall\": 5}}"),
                new Case(CITIZEN, "application/json", null, "{\"organization\": \"uer\", \"answers\": "),
                new Case(CITIZEN, "application/json", null, ""),
                new Case(CITIZEN, "application/json", null, "[1, 2]"),
                new Case(CITIZEN, "application/json", null, nested),
                new Case(CITIZEN, "application/json", "en", "{\"organization\": \"uer\", \"answers\": {\"no_such_question\": 1}, \"extra\": true}"),
                new Case(STAFF, "application/json", null, "{\"organization\": \"uer\", \"invitation\": \"NOPE-NOPE\", \"answers\": {}}"));
        String admin = server.adminToken();
        for (Case request : cases) {
            TestServer.Reply handler = send(request, null);
            TestServer.Reply jersey = send(request, admin);
            String what = request.body().length() > 60 ? request.body().substring(0, 60) : request.body();
            assertThat(handler.status()).as("status of %s", what).isEqualTo(jersey.status());
            for (String header : List.of("Content-Type", "Content-Language", "X-Content-Type-Options", "Referrer-Policy", "WWW-Authenticate")) {
                assertThat(handler.header(header)).as("%s of %s", header, what).isEqualTo(jersey.header(header));
            }
            assertThat(withoutId(handler.body())).as("body of %s", what).isEqualTo(withoutId(jersey.body()));
            assertThat(handler.header("Content-Length")).as("taken in by the handler, which knows the length: %s", what).isNotNull();
            assertThat(jersey.header("Transfer-Encoding")).as("through Jersey, which streams: %s", what).isEqualTo("chunked");
        }
        assertThat(server.storedResponses()).as("the two good ones, each sent twice").isEqualTo(4);
    }

    @Test
    void whatTheHandlerDoesNotTakeReachesJerseyUnchanged() throws Exception {
        String good = ApiIT.citizen("uer", 4, 9);
        assertThat(server.post(CITIZEN, "text/plain", good, null).status()).as("another media type").isEqualTo(415);
        assertThat(server.post(CITIZEN, "application/json; charset=ISO-8859-1", good, null).header("Transfer-Encoding"))
                .as("another charset goes to Jersey").isEqualTo("chunked");
        assertThat(server.post(CITIZEN, "application/json", good, "not-a-token").status()).as("a bad token").isEqualTo(401);
        assertThat(server.post(CITIZEN, "application/json", new byte[70 * 1024], null).status()).as("too large").isEqualTo(413);
        assertThat(server.post("/api/v1/surveys/no-such-survey/responses", "application/json", good, null).status()).isEqualTo(404);
        assertThat(server.post("/api/v1/surveys/five-s-office-audit/responses", "application/json", "{}", null).status())
                .as("a survey answered under a name still needs its token").isEqualTo(401);
        TestServer.Reply get = server.get(CITIZEN, null);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).contains("POST");

        HttpRequest html = HttpRequest.newBuilder(server.uri(CITIZEN)).header("Content-Type", "application/json").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(good)).timeout(Duration.ofSeconds(30)).build();
        TestServer.Reply htmlReply = server.send(html);
        assertThat(htmlReply.header("Transfer-Encoding")).as("an Accept without JSON goes to Jersey").isEqualTo("chunked");

        // No Content-Length: a streamed body goes to Jersey, which takes it.
        HttpRequest streamed = HttpRequest.newBuilder(server.uri(CITIZEN)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(good.getBytes(StandardCharsets.UTF_8))))
                .timeout(Duration.ofSeconds(30)).build();
        TestServer.Reply streamedReply = server.send(streamed);
        assertThat(streamedReply.status()).isEqualTo(201);
        assertThat(streamedReply.header("Transfer-Encoding")).isEqualTo("chunked");

        assertThat(server.storedResponses()).as("the streamed one, and the one in another charset").isEqualTo(2);
    }

    private TestServer.Reply send(Case request, String token) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri(request.path())).header("Content-Type", request.contentType())
                .POST(HttpRequest.BodyPublishers.ofString(request.body())).timeout(Duration.ofSeconds(30));
        if (request.acceptLanguage() != null) {
            builder.header("Accept-Language", request.acceptLanguage());
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return server.send(builder.build());
    }

    /** The body with the new response's id taken out: it differs each time. */
    private static JsonNode withoutId(String body) throws Exception {
        JsonNode json = JSON.readTree(body);
        if (json instanceof ObjectNode object && object.has("scores")) {
            object.remove("id");
        }
        return json;
    }
}

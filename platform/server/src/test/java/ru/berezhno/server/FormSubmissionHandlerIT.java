package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Respondents' form posts are taken in by Jetty ahead of Jersey ({@code FormSubmissionHandler})
 * when nobody is signed in; with a session cookie (here one that signs nobody in) the same post
 * goes through Jersey's page resource. Both must answer alike — status, where they lead, headers
 * and page — for good answers and bad, and a refused post must store nothing either way.
 */
class FormSubmissionHandlerIT {
    private static final String TOKEN = "c".repeat(43);

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

    @Test
    void aFormPostIsAnsweredAsJerseyAnswersItForGoodAndBadAnswers() throws Exception {
        assertThat(server.post("/api/v1/surveys/culture-self-diagnosis/rounds", "application/json", "{\"id\": \"2026-H2\"}", server.adminToken())
                .status()).isEqualTo(201);
        Map<String, String> good = citizen("4");
        Map<String, String> english = new LinkedHashMap<>(good);
        english.put("lang", "en");
        Map<String, String> outOfScale = citizen("9");
        Map<String, String> vast = citizen("1e600000000");
        Map<String, String> missing = citizen("4");
        missing.remove("a.queue_time");
        Map<String, String> badToken = citizen("4");
        badToken.put("csrf", "d".repeat(43));
        Map<String, String> noToken = citizen("4");
        noToken.remove("csrf");
        Map<String, String> unknownOrganisation = citizen("4");
        unknownOrganisation.put("organization", "atlantis");
        Map<String, String> staffWithoutCode = new LinkedHashMap<>(Map.of("csrf", TOKEN, "organization", "uer", "fixed", "1"));
        for (List<Object> form : List.of(List.<Object>of("/s/citizen-satisfaction", good), List.<Object>of("/s/citizen-satisfaction", english),
                List.<Object>of("/s/citizen-satisfaction", outOfScale), List.<Object>of("/s/citizen-satisfaction", vast),
                List.<Object>of("/s/citizen-satisfaction", missing), List.<Object>of("/s/citizen-satisfaction", badToken),
                List.<Object>of("/s/citizen-satisfaction", noToken), List.<Object>of("/s/citizen-satisfaction", unknownOrganisation),
                List.<Object>of("/s/no-such-survey", good), List.<Object>of("/s/culture-self-diagnosis", staffWithoutCode))) {
            String path = (String) form.get(0);
            @SuppressWarnings("unchecked")
            String body = encode((Map<String, String>) form.get(1));
            long before = server.storedResponses();
            HttpResponse<String> fast = post(path, body, null);
            long afterFast = server.storedResponses();
            HttpResponse<String> jersey = post(path, body, "bz_session=" + "n".repeat(43));
            long afterJersey = server.storedResponses();
            String what = path + " " + body;
            assertThat(fast.statusCode()).as(what).isEqualTo(jersey.statusCode());
            assertThat(fast.headers().firstValue("Location")).as(what).isEqualTo(jersey.headers().firstValue("Location"));
            assertThat(headers(fast)).as(what).isEqualTo(headers(jersey));
            assertThat(fast.body()).as(what).isEqualTo(jersey.body());
            assertThat(afterFast - before).as("stored by the fast path: " + what).isEqualTo(afterJersey - afterFast);
        }
        assertThat(server.storedResponses()).as("the two good posts, twice each").isEqualTo(4);
    }

    private static Map<String, String> citizen(String rating) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", TOKEN);
        form.put("organization", "uer");
        form.put("fixed", "1");
        form.put("a.service", "housing");
        for (String criterion : List.of("service_time", "queue_time", "staff_courtesy", "premises_comfort", "information_access", "overall")) {
            form.put("a." + criterion, rating);
        }
        return form;
    }

    private static String encode(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    private HttpResponse<String> post(String path, String body, String extraCookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .header("Cookie", "bz_csrf=" + TOKEN + (extraCookie == null ? "" : "; " + extraCookie))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return server.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The headers that matter to a browser; the date and the length may differ. */
    private static Map<String, List<String>> headers(HttpResponse<String> response) {
        Map<String, List<String>> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!lower.equals("date") && !lower.equals("content-length") && !lower.equals(":status")) {
                headers.put(lower, values);
            }
        });
        return headers;
    }
}

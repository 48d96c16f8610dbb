package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.core.limits.SubmissionLimits;

/**
 * One person cannot become a thousand respondents: submissions beyond the per-client limit, or a
 * flood to one organisation, are answered exactly as any other but held in quarantine, counted
 * nowhere, until an administrator accepts or discards them as a batch; accepted batches and
 * imports can be voided; every decision is in the audit log and survives a restart and a rebuild.
 */
class BallotStuffingIT {
    private static final String SUBMIT = "/api/v1/surveys/citizen-satisfaction/responses";
    private static final String BATCHES = "/api/v1/admin/batches";

    @TempDir
    Path data;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(SubmissionLimits limits, List<String> trustedProxies) throws Exception {
        return TestServer.start(data, Clock.systemUTC(), TestServer.DEFINITIONS,
                settings -> settings.withSubmissionLimits(limits).withTrustedProxies(trustedProxies));
    }

    @Test
    void threeThousandAnswersFromOneClientAreAnsweredAlikeAndHeldUntilAnAdministratorDecides() throws Exception {
        server = start(SubmissionLimits.DEFAULTS, List.of());
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < 3_000; i++) {
            TestServer.Reply reply = server.post(SUBMIT, "application/json", ApiIT.citizen("uer", 4, 9), null);
            assertThat(reply.status()).as("submission %d", i).isEqualTo(201);
            bodies.add(reply.body().replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"…\""));
        }
        assertThat(bodies).as("every answer the same but for its id: the script learns nothing of the limit").hasSize(1);
        long counted = responses("uer");
        assertThat(counted).as("the burst of 10, and what the rate of 30 a minute refilled while the test ran").isBetween(10L, 40L);
        assertThat(server.storedResponses()).isEqualTo(counted);

        List<JsonNode> held = held();
        assertThat(held).hasSize(1);
        JsonNode batch = held.get(0);
        assertThat(batch.get("survey").asText()).isEqualTo("citizen-satisfaction");
        assertThat(batch.get("organization").asText()).isEqualTo("uer");
        assertThat(batch.get("period").asText()).matches("20\\d\\d-Q[1-4]");
        assertThat(batch.get("reason").asText()).isEqualTo("client-limit");
        assertThat(batch.get("responses").asLong()).isEqualTo(3_000 - counted);
        assertThat(server.get(BATCHES, server.token("analyst", null)).status()).as("administrators only").isEqualTo(403);
        assertThat(csvRows()).as("held submissions are in no export").isEqualTo(counted);

        String id = batch.get("id").asText();
        TestServer.Reply accepted = server.post(BATCHES + "/" + id + "/accept", "application/json", "", server.adminToken());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().get("status").asText()).isEqualTo("accepted");
        assertThat(responses("uer")).isEqualTo(3_000);
        assertThat(csvRows()).isEqualTo(3_000);
        assertThat(server.post(BATCHES + "/" + id + "/accept", "application/json", "", server.adminToken()).status()).as("decided once").isEqualTo(409);

        TestServer.Reply voided = server.post(BATCHES + "/" + id + "/void", "application/json", "", server.adminToken());
        assertThat(voided.json().get("status").asText()).isEqualTo("voided");
        assertThat(responses("uer")).as("voiding takes the batch out of the counts again").isEqualTo(counted);
        assertThat(csvRows()).isEqualTo(counted);

        JsonNode audit = server.get("/api/v1/admin/audit", server.adminToken()).json();
        assertThat(audit.findValuesAsText("action")).containsExactly("void", "accept");
        assertThat(audit.get(0).get("target").asText()).isEqualTo(id);
        assertThat(audit.get(0).get("by").asText()).isEqualTo("administrator");
        assertThat(audit.get(0).get("details").get("responses").asLong()).isEqualTo(3_000 - counted);

        // After a restart, and after MapDB is rebuilt from the journal, the figures are the same.
        server.close();
        server = start(SubmissionLimits.DEFAULTS, List.of());
        assertThat(responses("uer")).isEqualTo(counted);
        server.close();
        deleteFolder(data.resolve("mapdb"));
        server = start(SubmissionLimits.DEFAULTS, List.of());
        assertThat(responses("uer")).as("after a rebuild from the journal").isEqualTo(counted);
        assertThat(server.get(BATCHES + "?status=voided", server.adminToken()).json().findValuesAsText("id")).containsExactly(id);
    }

    @Test
    void aClientOverIpv6IsLimitedToo() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ipv6Loopback(), "this machine has no IPv6 loopback");
        server = TestServer.start(data, Clock.systemUTC(), TestServer.DEFINITIONS,
                settings -> settings.withHost("::1").withSubmissionLimits(SubmissionLimits.DEFAULTS));
        for (int i = 0; i < 30; i++) {
            HttpRequest request = HttpRequest.newBuilder(server.uri(SUBMIT)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiIT.citizen("uer", 4, 9))).build();
            assertThat(server.send(request).status()).isEqualTo(201);
        }
        assertThat(held()).as("beyond the burst, over IPv6 as over IPv4").hasSize(1);
        assertThat(held().get(0).get("responses").asLong()).isGreaterThanOrEqualTo(15);
    }

    private static boolean ipv6Loopback() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress("::1", 0));
            return true;
        }
        catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aFloodToOneOrganisationFromManyAddressesIsHeldAndADiscardedBatchNeverCounts() throws Exception {
        server = start(SubmissionLimits.DEFAULTS.withFloodFloor(50), List.of("127.0.0.1"));
        for (int i = 0; i < 200; i++) {
            String address = "203.0." + (i / 250) + "." + (i % 250 + 1);
            HttpRequest request = HttpRequest.newBuilder(server.uri(SUBMIT)).header("Content-Type", "application/json")
                    .header("X-Forwarded-For", address).POST(HttpRequest.BodyPublishers.ofString(ApiIT.citizen("education", 2, 1))).build();
            assertThat(server.send(request).status()).isEqualTo(201);
        }
        assertThat(server.post(SUBMIT, "application/json", ApiIT.citizen("uer", 5, 10), null).status()).isEqualTo(201);
        assertThat(responses("education")).as("the floor of 50 in ten minutes").isEqualTo(50);
        assertThat(responses("uer")).as("another organisation is not held up").isEqualTo(1);
        JsonNode batch = held().get(0);
        assertThat(batch.get("reason").asText()).isEqualTo("flood");
        assertThat(batch.get("organization").asText()).isEqualTo("education");
        assertThat(batch.get("responses").asLong()).isEqualTo(150);
        TestServer.Reply discarded = server.post(BATCHES + "/" + batch.get("id").asText() + "/discard", "application/json", "", server.adminToken());
        assertThat(discarded.json().get("status").asText()).isEqualTo("discarded");
        assertThat(responses("education")).isEqualTo(50);
        assertThat(server.post(BATCHES + "/" + batch.get("id").asText() + "/void", "application/json", "", server.adminToken()).status())
                .as("only an accepted batch can be voided").isEqualTo(409);
    }

    @Test
    void aHeldFormAnswerGetsTheSameThankYouPage() throws Exception {
        server = start(SubmissionLimits.DEFAULTS, List.of());
        List<String> locations = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            FormSession browser = new FormSession(server);
            HttpResponse<String> answered = browser.post("/s/citizen-satisfaction", browser.citizenForm("uer", 3));
            assertThat(answered.statusCode()).isEqualTo(303);
            locations.add(answered.headers().firstValue("Location").orElseThrow());
        }
        assertThat(new HashSet<>(locations)).containsExactly("/s/citizen-satisfaction/thanks");
        assertThat(held().get(0).get("responses").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(responses("uer") + held().get(0).get("responses").asLong()).isEqualTo(14);
    }

    @Test
    void anAdministratorSeesTheHeldBatchOnAPageAndAcceptsIt() throws Exception {
        server = start(SubmissionLimits.DEFAULTS, List.of());
        for (int i = 0; i < 25; i++) {
            assertThat(server.post(SUBMIT, "application/json", ApiIT.citizen("finance", 3, 5), null).status()).isEqualTo(201);
        }
        long counted = responses("finance");
        FormSession browser = new FormSession(server);
        assertThat(browser.get("/admin/batches").statusCode()).as("to sign-in first").isEqualTo(303);
        String csrf = FormSession.hidden(browser.get("/signin").body(), "csrf");
        assertThat(browser.post("/signin", Map.of("token", server.adminToken(), "csrf", csrf)).statusCode()).isEqualTo(303);
        String page = browser.get("/admin/batches").body();
        String id = held().get(0).get("id").asText();
        assertThat(page).contains("Ожидают решения").contains("Финансовое управление").contains("слишком много ответов с одного адреса")
                .contains("Ответов: " + (25 - counted)).contains("id=\"b-" + id + "\"");
        HttpResponse<String> accepted = browser.post("/admin/batches/" + id, Map.of("csrf", csrf, "decision", "accept"));
        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(responses("finance")).isEqualTo(25);
        assertThat(browser.get("/admin/batches").body()).contains("Задержанных ответов нет").contains("принят").contains("Аннулировать пакет");
        assertThat(browser.post("/admin/batches/" + id, Map.of("csrf", "x".repeat(43), "decision", "void")).statusCode())
                .as("a forged form token").isEqualTo(403);
        assertThat(responses("finance")).isEqualTo(25);
    }

    @Test
    void anImportIsABatchThatCanBeVoidedWhole() throws Exception {
        server = start(SubmissionLimits.DEFAULTS, List.of());
        String line = ApiIT.citizen("culture", 5, null).strip().replace("{\"organization\"", "{\"submittedAt\": \"2025-02-10\", \"organization\"")
                .replace("\n", " ").replace("\"overall\": 5", "\"overall\": 5, \"comment\": \"Всё хорошо\"") + "\n";
        TestServer.Reply imported = server.post(SUBMIT + "/import", "application/x-ndjson", line.repeat(9), server.adminToken());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(9);
        String id = imported.json().get("batch").asText();
        assertThat(responses("culture")).isEqualTo(9);
        assertThat(server.get("/api/v1/surveys/citizen-satisfaction/results?organization=culture", server.adminToken()).body()).contains("Всё хорошо");
        assertThat(server.post(BATCHES + "/" + id + "/void", "application/json", "", server.adminToken()).status()).isEqualTo(200);
        assertThat(responses("culture")).isZero();
        assertThat(server.get("/api/v1/surveys/citizen-satisfaction/results?organization=culture", server.adminToken()).body())
                .as("the voided import's comments are gone too").doesNotContain("Всё хорошо");
        assertThat(server.get("/api/v1/admin/audit", server.adminToken()).json().findValuesAsText("action")).containsExactly("void", "import");
    }

    /** How many responses of an organisation count (results would withhold a small or a giving-away group). */
    private long responses(String organization) {
        long[] count = {0};
        server.platform().repository().forEach("citizen-satisfaction", response -> count[0] += response.organization().equals(organization) ? 1 : 0);
        return count[0];
    }

    private List<JsonNode> held() throws Exception {
        List<JsonNode> held = new ArrayList<>();
        server.get(BATCHES + "?status=held", server.adminToken()).json().forEach(held::add);
        return held;
    }

    private long csvRows() throws Exception {
        String csv = server.get("/api/v1/surveys/citizen-satisfaction/export/responses.csv", server.adminToken()).body();
        return csv.lines().filter(row -> !row.isBlank()).count() - 1;
    }

    private static void deleteFolder(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

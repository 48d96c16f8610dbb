package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** The pages' plumbing over plain HTTP: sign-in and its cookie, downloads, QR posters. */
class PagesIT {
    @TempDir
    Path data;

    private TestServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eachVisitorGetsTheFormOfTheirOrganisationAndLanguageWithTheirOwnToken() throws Exception {
        server = TestServer.start(data);
        java.util.Set<String> tokens = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            for (String[] visit : new String[][] {{"uer", "ru", "Управление экономического развития"}, {"education", "ru", "Управление образования"},
                    {"uer", "en", "Economic development department"}}) {
                FormSession browser = new FormSession(server);
                String page = browser.get("/s/citizen-satisfaction?org=" + visit[0] + "&lang=" + visit[1]).body();
                String token = FormSession.hidden(page, "csrf");
                assertThat(browser.cookies().get("bz_csrf")).as("the page's token is the visitor's cookie").isEqualTo(token);
                assertThat(page).contains(visit[2]).doesNotContain("FORMTOKENPLACEHOLDER");
                tokens.add(token);
            }
        }
        assertThat(tokens).as("a token of their own for every visitor").hasSize(9);
    }

    @Test
    void theQrCodeCarriesTheConfiguredAddressNeverTheHostHeader() throws Exception {
        server = TestServer.start(data, Clock.systemUTC(), TestServer.DEFINITIONS,
                settings -> settings.withBaseUrl(URI.create("https://opros.belovo.example")));
        HttpRequest poster = HttpRequest.newBuilder(server.uri("/qr/citizen-satisfaction?org=uer")).header("X-Forwarded-Host", "evil.example").build();
        String page = server.send(poster).body();
        assertThat(page).contains("https://opros.belovo.example/s/citizen-satisfaction?org=uer").doesNotContain("evil.example")
                .doesNotContain("127.0.0.1");
        HttpResponse<byte[]> image = server.client().send(HttpRequest.newBuilder(server.uri("/qr/citizen-satisfaction.png?org=uer")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(decode(image.body())).isEqualTo("https://opros.belovo.example/s/citizen-satisfaction?org=uer");
        assertThat(server.get("/qr/five-s-office-audit", null).status()).as("no poster for audits").isEqualTo(404);

        // A raw request with a forged Host header still gets the configured address.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.uri("/").getPort())) {
            socket.getOutputStream().write("GET /qr/citizen-satisfaction HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).contains("https://opros.belovo.example/s/citizen-satisfaction").doesNotContain("evil.example/s/");
        }
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieThatReadsButNeverWritesTheApi() throws Exception {
        server = TestServer.start(data, Clock.systemUTC(), TestServer.DEFINITIONS,
                settings -> settings.withBaseUrl(URI.create("https://opros.belovo.example")));
        String analyst = server.token("analyst", null);
        FormSession browser = new FormSession(server);
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(server.uri("/signin")));
        String csrf = FormSession.hidden(page.body(), "csrf");
        assertThat(browser.cookies()).containsKey("bz_csrf");

        HttpResponse<String> forged = browser.post("/signin", Map.of("token", analyst, "csrf", "x".repeat(43)));
        assertThat(forged.statusCode()).as("a post without the form's token").isEqualTo(403);
        HttpResponse<String> wrong = browser.post("/signin", Map.of("token", "bz_wrong", "csrf", csrf));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("id=\"e-token\"");
        assertThat(browser.cookies()).doesNotContainKey("bz_session");
        HttpResponse<String> elsewhere = browser.post("/signin", Map.of("token", analyst, "csrf", csrf, "next", "//evil.example/x"));
        assertThat(elsewhere.statusCode()).isEqualTo(303);
        assertThat(elsewhere.headers().firstValue("Location")).as("no redirect to another site").contains("/dashboard");
        String cookie = elsewhere.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith("bz_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Secure").contains("Path=/");
        assertThat(cookie.toLowerCase(java.util.Locale.ROOT)).doesNotContain(analyst.toLowerCase(java.util.Locale.ROOT));

        HttpResponse<String> read = browser.send(HttpRequest.newBuilder(server.uri("/api/v1/surveys/citizen-satisfaction/results")));
        assertThat(read.statusCode()).as("the session reads the API").isEqualTo(200);
        HttpResponse<String> write = browser.send(HttpRequest.newBuilder(server.uri("/api/v1/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\": \"admin\", \"name\": \"x\"}")));
        assertThat(write.statusCode()).as("but never writes through it").isEqualTo(401);

        browser.post("/signout", Map.of("csrf", csrf));
        assertThat(browser.send(HttpRequest.newBuilder(server.uri("/api/v1/surveys/citizen-satisfaction/results"))).statusCode())
                .as("signed out").isEqualTo(401);
    }

    @Test
    void aMemberOfStaffAnswersWithAnInvitationCodeOnceAndTheCodeErrorIsShownBesideIt() throws Exception {
        server = TestServer.start(data);
        assertThat(server.post("/api/v1/surveys/culture-self-diagnosis/rounds", "application/json", "{\"id\": \"2026-H2\"}", server.adminToken())
                .status()).isEqualTo(201);
        String code = server.post("/api/v1/surveys/culture-self-diagnosis/invitations", "application/json",
                "{\"organization\": \"uer\", \"count\": 1}", server.adminToken()).json().get("codes").get(0).asText();
        FormSession browser = new FormSession(server);
        String page = browser.send(HttpRequest.newBuilder(server.uri("/s/culture-self-diagnosis?org=uer"))).body();
        assertThat(page).contains("id=\"invitation\"");
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("csrf", FormSession.hidden(page, "csrf"));
        form.put("organization", "uer");
        form.put("fixed", "1");
        form.put("invitation", code);
        for (com.fasterxml.jackson.databind.JsonNode section : server.get("/api/v1/surveys/culture-self-diagnosis", null).json().get("sections")) {
            for (com.fasterxml.jackson.databind.JsonNode question : section.get("questions")) {
                if (question.get("type").asText().equals("scale")) {
                    form.put("a." + question.get("id").asText(), "4");
                }
            }
        }
        HttpResponse<String> answered = browser.post("/s/culture-self-diagnosis", form);
        assertThat(answered.statusCode()).isEqualTo(303);
        assertThat(answered.headers().firstValue("Location").orElse("")).as("no response id for an anonymous survey")
                .isEqualTo("/s/culture-self-diagnosis/thanks");
        assertThat(server.storedResponses()).isEqualTo(1);

        HttpResponse<String> again = browser.post("/s/culture-self-diagnosis", form);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).containsPattern("id=\"e-invitation\"[^>]*>[^<]+<").contains("value=\"" + code + "\"");
        assertThat(server.storedResponses()).isEqualTo(1);
    }

    @Test
    void theDashboardShowsTheProblemAreasOfTheLatestRoundOfTheSelfDiagnosis() throws Exception {
        server = TestServer.start(data);
        assertThat(server.post("/api/v1/surveys/culture-self-diagnosis/rounds", "application/json", "{\"id\": \"2026-H2\"}", server.adminToken())
                .status()).isEqualTo(201);
        com.fasterxml.jackson.databind.JsonNode codes = server.post("/api/v1/surveys/culture-self-diagnosis/invitations", "application/json",
                "{\"organization\": \"uer\", \"count\": 6}", server.adminToken()).json().get("codes");
        for (com.fasterxml.jackson.databind.JsonNode code : codes) {
            StringBuilder answer = new StringBuilder("{\"organization\": \"uer\", \"invitation\": \"" + code.asText() + "\", \"answers\": {");
            String separator = "";
            for (com.fasterxml.jackson.databind.JsonNode section : server.get("/api/v1/surveys/culture-self-diagnosis", null).json().get("sections")) {
                for (com.fasterxml.jackson.databind.JsonNode question : section.get("questions")) {
                    if (question.get("type").asText().equals("scale")) {
                        // Every statement disagreed with: after reverse keying, some scales are low.
                        boolean reverse = question.has("reverse") && question.get("reverse").asBoolean();
                        answer.append(separator).append('"').append(question.get("id").asText()).append("\": ").append(reverse ? 5 : 1);
                        separator = ", ";
                    }
                }
            }
            assertThat(server.post("/api/v1/surveys/culture-self-diagnosis/responses", "application/json", answer.append("}}").toString(), null)
                    .status()).isEqualTo(201);
        }
        assertThat(server.post("/api/v1/surveys/culture-self-diagnosis/rounds/2026-H2/close", "application/json", "", server.adminToken())
                .status()).as("a round is shown once closed").isEqualTo(200);
        FormSession browser = new FormSession(server);
        String csrf = FormSession.hidden(browser.send(HttpRequest.newBuilder(server.uri("/signin"))).body(), "csrf");
        assertThat(browser.post("/signin", Map.of("token", server.token("analyst", null), "csrf", csrf)).statusCode()).isEqualTo(303);
        String page = browser.send(HttpRequest.newBuilder(server.uri("/dashboard?survey=culture-self-diagnosis"))).body();
        assertThat(page).contains("Проблемные зоны и снижения, этап 2026-H2").contains("низкий уровень")
                .contains("Управление экономического развития");
    }

    @Test
    void resultsAndResponsesDownloadAsCsvAndXlsxWithSmallGroupsWithheldAndFormulasNeutralised() throws Exception {
        server = TestServer.start(data);
        for (int i = 0; i < 9; i++) {
            submit("uer", 4, i == 0 ? "=HYPERLINK(\"http://evil.example\",\"x\")" : i == 1 ? "@SUM(A1)" : "+7 913 000");
        }
        for (int i = 0; i < 9; i++) {
            submit("social-protection", 4, "Спасибо");
        }
        for (int i = 0; i < 10; i++) {
            submit("culture", i == 0 ? 3 : 4, "-1");
        }
        submit("education", 2, "Один");
        String analyst = server.token("analyst", null);
        assertThat(server.get("/api/v1/surveys/citizen-satisfaction/export/results.csv", server.token("coordinator", "uer")).status()).isEqualTo(403);
        assertThat(server.get("/api/v1/surveys/citizen-satisfaction/export/responses.xlsx", null).status()).isEqualTo(401);

        byte[] csv = bytes("/api/v1/surveys/citizen-satisfaction/export/results.csv", analyst);
        assertThat(java.util.Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        List<String> lines = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("organization,period,responses,suppressed,kind,name,answer,n,value,ci95_low,ci95_high");
        assertThat(lines).as("a withheld group shows nothing, its size included")
                .filteredOn(line -> line.startsWith("education,")).singleElement().asString().matches("education,\\d{4}-Q\\d,,true,,,,,,,");
        // education alone would be 1; one more group (the smaller of the two nines, by name) is withheld so that totals do not give it away.
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("social-protection,\\d{4}-Q\\d,,true,,,,,,,"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("uer,\\d{4}-Q\\d,9,false,index,satisfaction,,,100,.*"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("uer,\\d{4}-Q\\d,9,false,count,service_time,4,9,9,,"));
        byte[] raw = bytes("/api/v1/surveys/citizen-satisfaction/export/responses.csv", analyst);
        List<String> rows = new String(raw, 3, raw.length - 3, StandardCharsets.UTF_8).lines().skip(1).toList();
        assertThat(rows).as("the rows of withheld groups are left out of the raw export").hasSize(19)
                .noneMatch(line -> line.startsWith("education,") || line.startsWith("social-protection,"));
        assertThat(rows).as("10 comments in culture reach the threshold of 8: shown, neutralised; the unanswered recommend keeps its column")
                .anySatisfy(line -> assertThat(line).matches("culture,\\d{4}-Q\\d,1,housing,3,3,3,3,3,3,,\"'-1\""));
        assertThat(rows).as("uer's 9 comments are shown, neutralised")
                .anySatisfy(line -> assertThat(line).matches("uer,\\d{4}-Q\\d,1,housing,4,4,4,4,4,4,,\"'=HYPERLINK\\(\"\"http://evil.example\"\",\"\"x\"\"\\)\""));

        try (XSSFWorkbook results = new XSSFWorkbook(new ByteArrayInputStream(bytes("/api/v1/surveys/citizen-satisfaction/export/results.xlsx",
                analyst)))) {
            Sheet sheet = results.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("organization");
            boolean found = false;
            for (Row row : sheet) {
                if (row.getRowNum() > 0 && row.getCell(5) != null && "satisfaction".equals(row.getCell(5).getStringCellValue())) {
                    assertThat(row.getCell(8).getNumericCellValue()).isIn(100.0, 90.0);
                    found = true;
                }
            }
            assertThat(found).isTrue();
        }
        try (XSSFWorkbook responses = new XSSFWorkbook(new ByteArrayInputStream(bytes("/api/v1/surveys/citizen-satisfaction/export/responses.xlsx",
                analyst)))) {
            Sheet sheet = responses.getSheetAt(0);
            assertThat(sheet.getPhysicalNumberOfRows()).isEqualTo(20);
            int comment = -1;
            for (int i = 0; i < sheet.getRow(0).getLastCellNum(); i++) {
                if (sheet.getRow(0).getCell(i).getStringCellValue().equals("comment")) {
                    comment = i;
                }
            }
            java.util.Set<String> comments = new java.util.HashSet<>();
            for (Row row : sheet) {
                if (row.getRowNum() > 0 && row.getCell(comment) != null) {
                    comments.add(row.getCell(comment).getStringCellValue());
                    assertThat(row.getCell(comment).getCellType()).isEqualTo(org.apache.poi.ss.usermodel.CellType.STRING);
                }
            }
            assertThat(comments).as("social-protection's rows are left out, its comments with them")
                    .containsExactlyInAnyOrder("'=HYPERLINK(\"http://evil.example\",\"x\")", "'@SUM(A1)", "'+7 913 000", "'-1");
            // Rows come shuffled: culture's first answered 3, the others 4.
            assertThat(sheet.getRow(1).getCell(4).getCellType()).as("answers stay numbers").isEqualTo(org.apache.poi.ss.usermodel.CellType.NUMERIC);
            assertThat(sheet.getRow(1).getCell(4).getNumericCellValue()).isIn(3.0, 4.0);
        }
    }

    private byte[] bytes(String path, String token) throws Exception {
        HttpResponse<byte[]> reply = server.client().send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        return reply.body();
    }

    private void submit(String organization, int level, String comment) throws Exception {
        StringBuilder body = new StringBuilder("{\"organization\": \"" + organization + "\", \"answers\": {\"service\": \"housing\"");
        for (String criterion : List.of("service_time", "queue_time", "staff_courtesy", "premises_comfort", "information_access", "overall")) {
            body.append(", \"").append(criterion).append("\": ").append(level);
        }
        body.append(", \"comment\": ").append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(comment)).append("}}");
        assertThat(server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", body.toString(), null).status()).isEqualTo(201);
    }


    private static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))))
                .getText();
    }
}

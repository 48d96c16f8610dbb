package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import ru.berezhno.testing.SettableClock;

/** An auditor and an expert sign in and fill in their forms in Debian's chromium. */
class RoleFormsBrowserIT extends BrowserTest {
    private static final List<String> STEPS = List.of("sort", "order", "shine", "standardize", "sustain");


    @Test
    void anAuditorRecordsA5SAuditWithAProblemCountAndAFindingAndSeesTheScores() throws Exception {
        server = TestServer.start(data, new SettableClock(Instant.parse("2026-11-10T03:00:00Z")));
        String auditor = server.token("auditor", null);
        browser = Browser.laptop();
        open("/s/five-s-office-audit");
        assertThat(browser.getCurrentUrl()).as("the audit needs sign-in").contains("/signin");
        browser.findElement(By.id("token")).sendKeys(auditor);
        submit();
        assertThat(browser.getCurrentUrl()).as("back to the form after sign-in").endsWith("/s/five-s-office-audit");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Аудит 5S рабочего места (офис)");
        CitizenFormBrowserIT.assertNoSeriousViolations(new com.deque.html.axecore.selenium.AxeBuilder().analyze(browser));

        new Select(browser.findElement(By.id("organization"))).selectByValue("uer");
        browser.findElement(By.id("i-area")).sendKeys("кабинет 214");
        for (String step : STEPS) {
            for (int item = 1; item <= 5; item++) {
                String id = step + "_" + item;
                if (id.equals("sort_1")) {
                    browser.findElement(By.id("i-sort_1_problems")).sendKeys("2");
                    browser.findElement(By.id("i-sort_1_finding")).sendKeys("На столах старые папки 2019 года");
                }
                else {
                    click(By.cssSelector("label[for=i-" + id + "-4]"));
                }
            }
        }
        submit();

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Спасибо!");
        String recorded = browser.findElement(By.cssSelector(".recorded")).getText();
        // 24 items at 4 and one at 2 (two problems): 98 of 100 points; «Сортировка» 18 of 20 = 90%.
        assertThat(recorded).contains("кабинет 214").contains("Итог, % 98").contains("Сортировка, % 90").contains("Уровень устойчивый");
        assertThat(recorded).contains("На столах старые папки 2019 года — срок 2026-12-10");
        assertThat(server.get("/api/v1/actions?organization=uer", server.token("analyst", null)).json().get("actions")).hasSize(1);
    }

    @Test
    void aWrongScoreIsShownBesideItsItemAndNothingIsStored() throws Exception {
        server = TestServer.start(data);
        String auditor = server.token("auditor", null);
        browser = Browser.laptop();
        open("/signin");
        browser.findElement(By.id("token")).sendKeys(auditor);
        submit();
        open("/s/five-s-office-audit?org=uer");
        browser.findElement(By.id("i-area")).sendKeys("приёмная");
        click(By.cssSelector("label[for=i-sort_1-3]"));
        browser.findElement(By.id("i-sort_1_problems")).sendKeys("-1");
        submit();
        assertThat(browser.findElement(By.cssSelector("#q-sort_1_problems .error, #q-sort_1 .error")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("i-area")).getAttribute("value")).isEqualTo("приёмная");
        assertThat(server.storedResponses()).isZero();
    }

    @Test
    void anExpertScoresAProjectChosenFromTheRegister() throws Exception {
        server = TestServer.start(data, new SettableClock(Instant.parse("2026-11-10T03:00:00Z")));
        String project = server.post("/api/v1/projects", "application/json",
                "{\"title\": \"Электронная очередь в МФЦ\", \"organization\": \"uer\", \"year\": 2026, \"status\": \"implemented\"}",
                server.adminToken()).json().get("id").asText();
        String expert = server.token("expert", null);
        browser = Browser.laptop();
        open("/signin");
        browser.findElement(By.id("token")).sendKeys(expert);
        submit();
        assertThat(browser.findElement(By.cssSelector("ul.surveys")).getText()).contains("значимост");
        open("/s/lean-project-significance");
        new Select(browser.findElement(By.id("x-project"))).selectByValue(project);
        for (String criterion : List.of("lead_time", "satisfaction", "resources", "reach", "replicability", "sustainability", "involvement")) {
            click(By.cssSelector("label[for=i-" + criterion + "-3]"));
        }
        submit();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Спасибо!");
        assertThat(browser.findElement(By.cssSelector(".recorded")).getText()).contains("100");
        assertThat(server.get("/api/v1/projects/" + project + "/significance", server.token("analyst", null)).json().get("experts").asInt())
                .isEqualTo(1);
    }

    @Test
    void aCoordinatorFollowsUpTheActionsOfTheirOrganisationAndIssuesPrintableCodes() throws Exception {
        server = TestServer.start(data, new SettableClock(Instant.parse("2026-11-10T03:00:00Z")));
        StringBuilder items = new StringBuilder("{\"organization\": \"uer\", \"answers\": {\"area\": \"приёмная\"");
        for (String step : STEPS) {
            for (int item = 1; item <= 5; item++) {
                items.append(", \"").append(step).append('_').append(item).append("\": 4");
            }
        }
        items.append(", \"shine_2_finding\": \"Пыль на стеллажах\"}}");
        assertThat(server.post("/api/v1/surveys/five-s-office-audit/responses", "application/json", items.toString(), server.token("auditor", null))
                .status()).isEqualTo(201);
        assertThat(server.post("/api/v1/surveys/five-s-office-audit/responses", "application/json",
                items.toString().replace("\"uer\"", "\"education\"").replace("Пыль на стеллажах", "Чужое мероприятие"), server.token("auditor", null))
                .status()).isEqualTo(201);
        assertThat(server.post("/api/v1/surveys/culture-self-diagnosis/rounds", "application/json", "{\"id\": \"2026-H2\"}", server.adminToken())
                .status()).isEqualTo(201);
        String coordinator = server.token("coordinator", "uer");
        browser = Browser.laptop();
        open("/signin");
        browser.findElement(By.id("token")).sendKeys(coordinator);
        submit();
        Browser.submit(browser, By.linkText("Корректирующие мероприятия"));
        String page = browser.findElement(By.tagName("main")).getText();
        assertThat(page).contains("Пыль на стеллажах").doesNotContain("Чужое мероприятие");
        assertThat(browser.findElements(By.cssSelector("option[value=verified]"))).as("a coordinator may not verify").isEmpty();

        WebElement owner = browser.findElement(By.cssSelector("input[name=owner]"));
        owner.sendKeys("Петрова А. А.");
        ((JavascriptExecutor) browser).executeScript("document.querySelector('input[name=due]').type = 'text'");
        browser.findElement(By.cssSelector("input[name=due]")).clear();
        browser.findElement(By.cssSelector("input[name=due]")).sendKeys("2026-13-45");
        Browser.submit(browser, By.cssSelector("article.action button"));
        assertThat(browser.findElement(By.cssSelector("article.action .summary")).getText()).isNotBlank();
        assertThat(browser.findElement(By.cssSelector("input[name=owner]")).getAttribute("value")).isEqualTo("Петрова А. А.");

        ((JavascriptExecutor) browser).executeScript("document.querySelector('input[name=due]').value = '2026-12-20'");
        new Select(browser.findElement(By.cssSelector("select[name=status]"))).selectByValue("done");
        Browser.submit(browser, By.cssSelector("article.action button"));
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("Пыль на стеллажах");
        open("/actions?status=done");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Пыль на стеллажах").contains("Петрова А. А.").contains("2026-12-20");

        open("/codes");
        assertThat(browser.findElements(By.id("c-organization"))).as("a coordinator issues codes for their own organisation only").isEmpty();
        WebElement count = browser.findElement(By.id("c-count"));
        count.clear();
        count.sendKeys("3");
        submit();
        List<String> codes = browser.findElements(By.cssSelector(".slip .code")).stream().map(WebElement::getText).toList();
        assertThat(codes).hasSize(3).doesNotHaveDuplicates();
        assertThat(browser.findElement(By.cssSelector(".slip")).getText()).contains("/s/culture-self-diagnosis?org=uer");
        StringBuilder answer = new StringBuilder("{\"organization\": \"uer\", \"invitation\": \"" + codes.get(0) + "\", \"answers\": {");
        String separator = "";
        for (com.fasterxml.jackson.databind.JsonNode section : server.get("/api/v1/surveys/culture-self-diagnosis", null).json().get("sections")) {
            for (com.fasterxml.jackson.databind.JsonNode question : section.get("questions")) {
                if (question.get("type").asText().equals("scale")) {
                    answer.append(separator).append('"').append(question.get("id").asText()).append("\": 3");
                    separator = ", ";
                }
            }
        }
        answer.append("}}");
        assertThat(server.post("/api/v1/surveys/culture-self-diagnosis/responses", "application/json", answer.toString(), null).status())
                .as("a printed code answers").isEqualTo(201);
    }

    @Test
    void aCoordinatorRegistersAProjectOnThePageAndAnExpertScoresItFromTheRegister() throws Exception {
        server = TestServer.start(data, new SettableClock(Instant.parse("2026-11-10T03:00:00Z")));
        String coordinator = server.token("coordinator", "uer");
        browser = Browser.laptop();
        open("/signin");
        browser.findElement(By.id("token")).sendKeys(coordinator);
        submit();
        Browser.submit(browser, By.linkText("Бережливые проекты"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Бережливые проекты 2026 года");
        assertThat(browser.findElements(By.id("n-organization"))).as("a coordinator registers their own organisation's projects").isEmpty();
        new Select(browser.findElement(By.id("n-status"))).selectByValue("implemented");
        submit();
        assertThat(browser.findElement(By.id("e-title")).getText()).as("a title is needed").isNotBlank();
        browser.findElement(By.id("n-title")).sendKeys("Бережливый МФЦ: запись без очереди");
        submit();
        assertThat(browser.findElement(By.cssSelector("table.figures")).getText()).contains("Бережливый МФЦ: запись без очереди")
                .contains("Управление экономического развития").contains("реализован");
        String project = server.get("/api/v1/projects?year=2026", server.adminToken()).json().get(0).get("id").asText();

        browser.manage().deleteAllCookies();
        open("/signin");
        browser.findElement(By.id("token")).sendKeys(server.token("expert", null));
        submit();
        open("/projects");
        Browser.submit(browser, By.cssSelector("#p-" + project + " a"));
        assertThat(new Select(browser.findElement(By.id("x-project"))).getFirstSelectedOption().getAttribute("value")).isEqualTo(project);
        for (String criterion : List.of("lead_time", "satisfaction", "resources", "reach", "replicability", "sustainability", "involvement")) {
            click(By.cssSelector("label[for=i-" + criterion + "-2]"));
        }
        submit();
        open("/projects");
        // Every criterion at level 2 (3 points of 5): a total of 60, under the threshold of 70.
        assertThat(browser.findElement(By.id("p-" + project)).getText()).contains("60").contains("нет");
    }

    private void open(String path) {
        browser.get(server.uri(path).toString());
    }

    private void click(By by) {
        Browser.click(browser, by);
    }

    private void submit() {
        Browser.submit(browser);
    }
}

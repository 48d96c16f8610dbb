package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

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

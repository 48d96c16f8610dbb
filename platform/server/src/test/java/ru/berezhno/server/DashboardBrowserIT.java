package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import ru.berezhno.testing.SettableClock;

/** УЭР's analyst signs in with a token and reads the dashboard in Debian's chromium. */
class DashboardBrowserIT extends BrowserTest {
    /** Where screenshots for docs/ are written. */
    static final Path SCREENSHOTS = Path.of("target/screenshots");


    @Test
    void anAnalystSignsInAndSeesTheChartsWithSmallGroupsWithheldAndCommentsAsText() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-02-10T03:00:00Z"));
        server = TestServer.start(data, clock);
        // Four quarters of answers in the district, growing more satisfied; one organisation with too few to show.
        for (int quarter = 0; quarter < 4; quarter++) {
            clock.set(Instant.parse("2026-02-10T03:00:00Z").plus(Duration.ofDays(91L * quarter)));
            for (int i = 0; i < 12; i++) {
                String comment = quarter == 3 && i == 0 ? "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> очередь"
                        : i % 3 == 0 ? "Комментарий " + quarter + "-" + i : null;
                submit(i % 2 == 0 ? "uer" : "social-protection", Math.min(5, 1 + (i + quarter) % 5 + (i % 4 == 0 ? quarter / 2 : 0)), comment);
            }
        }
        // Comments are shown only where a group's comments themselves reach the threshold of 8.
        for (int i = 0; i < 16; i++) {
            submit(i % 2 == 0 ? "uer" : "social-protection", 4, "Ещё комментарий " + i);
        }
        for (int i = 0; i < 3; i++) {
            submit("education", 4, null);
        }
        String analyst = server.token("analyst", null);
        browser = Browser.laptop();

        open("/dashboard");
        assertThat(browser.getCurrentUrl()).as("sign-in first").contains("/signin");
        browser.findElement(By.id("token")).sendKeys("bz_not-a-valid-token");
        submit();
        assertThat(browser.findElement(By.id("e-token")).getText()).isNotBlank();
        browser.findElement(By.id("token")).sendKeys(analyst);
        submit();
        browser.manage().logs().get(LogType.BROWSER);
        assertThat(browser.getCurrentUrl()).endsWith("/dashboard");
        assertThat(browser.manage().getCookieNamed("bz_session").isHttpOnly()).isTrue();
        assertThat(browser.manage().getCookieNamed("bz_session").getSameSite()).isEqualTo("Strict");

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Панель УЭР");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-trend.drawn canvas")));
        WebElement trend = browser.findElement(By.id("chart-trend"));
        assertThat(trend.isDisplayed()).isTrue();
        assertThat(inkedPixels("#chart-trend canvas")).as("the trend chart is drawn").isGreaterThan(500);
        assertThat(inkedPixels("#r-service_time .chart canvas")).as("a distribution chart is drawn").isGreaterThan(500);

        List<WebElement> trendRows = browser.findElements(By.cssSelector("section[aria-labelledby=h-trend] tbody tr"));
        assertThat(trendRows).hasSize(4);
        int columns = browser.findElements(By.cssSelector("section[aria-labelledby=h-trend] thead th")).size();
        for (WebElement row : trendRows) {
            List<WebElement> cells = row.findElements(By.cssSelector("th, td"));
            assertThat(cells).as("a cell per column: period, count, each index").hasSize(columns);
            assertThat(cells.get(2).getText()).as("the satisfaction of " + cells.get(0).getText()).matches("\\d+(,\\d+)?");
        }
        String organisations = browser.findElement(By.cssSelector("section[aria-labelledby=h-orgs]")).getText();
        assertThat(organisations).contains("недостаточно ответов");
        assertThat(browser.findElement(By.tagName("main")).getText()).as("why a group is withheld").contains("порога анонимности");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=h-indices]")).getText()).contains("Доля удовлетворённых");

        List<String> comments = browser.findElements(By.cssSelector("#r-comment ul.comments li")).stream().map(WebElement::getText).toList();
        assertThat(comments).contains("<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> очередь");
        assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.pwned")).isEqualTo("undefined");
        List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(problems).as("no script errors or Content-Security-Policy violations").isEmpty();

        CitizenFormBrowserIT.assertNoSeriousViolations(new com.deque.html.axecore.selenium.AxeBuilder().analyze(browser));
        Files.createDirectories(SCREENSHOTS);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1800));
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Files.write(SCREENSHOTS.resolve("dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-period"))).selectByValue("2026-Q1");
        Browser.submit(browser, By.cssSelector(".filters button"));
        assertThat(browser.findElement(By.cssSelector("main h2")).getText()).endsWith("Весь округ, 2026-Q1");
        assertThat(browser.findElement(By.tagName("main")).getText()).as("the first quarter's twelve answers").contains("Ответов: 12");
        assertThat(browser.findElement(By.linkText("Итоги, CSV")).getAttribute("href")).endsWith("results.csv?period=2026-Q1");

        browser.findElement(By.cssSelector(".bar button.secondary")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlMatches(".*/$"));
        open("/dashboard");
        assertThat(browser.getCurrentUrl()).as("signed out").contains("/signin");
    }

    @Test
    void otherRolesAndAnonymousVisitorsDoNotSeeTheDashboard() throws Exception {
        server = TestServer.start(data);
        assertThat(server.get("/dashboard", null).status()).isEqualTo(303);
        String auditor = server.token("auditor", null);
        browser = Browser.laptop();
        open("/signin");
        browser.findElement(By.id("token")).sendKeys(auditor);
        submit();
        open("/dashboard");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ошибка");
        assertThat(browser.getPageSource()).doesNotContain("chart-trend");
        assertThat(server.get("/api/v1/surveys/citizen-satisfaction/results", null).status()).isEqualTo(401);
    }

    private void submit(String organization, int level, String comment) throws Exception {
        StringBuilder body = new StringBuilder("{\"organization\": \"" + organization + "\", \"answers\": {\"service\": \"housing\"");
        for (String criterion : List.of("service_time", "queue_time", "staff_courtesy", "premises_comfort", "information_access", "overall")) {
            body.append(", \"").append(criterion).append("\": ").append(level);
        }
        if (comment != null) {
            body.append(", \"comment\": ").append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(comment));
        }
        body.append(", \"recommend\": ").append(level * 2).append("}}");
        assertThat(server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json", body.toString(), null).status()).isEqualTo(201);
    }

    /** Pixels of a canvas that are not blank: the chart was painted. */
    private long inkedPixels(String selector) {
        Object count = ((JavascriptExecutor) browser).executeScript("var canvas = document.querySelector(arguments[0]);"
                + "var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
                + "var inked = 0; for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { inked++; } } return inked;", selector);
        return ((Number) count).longValue();
    }

    private void open(String path) {
        browser.get(server.uri(path).toString());
    }

    private void submit() {
        Browser.submit(browser);
    }
}

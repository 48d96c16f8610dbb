package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

/** A citizen answers on a phone in Debian's chromium, with and without JavaScript, through a real server. */
class CitizenFormBrowserIT extends BrowserTest {
    private static final String FORM = "/s/citizen-satisfaction?org=uer";
    private static final List<String> CRITERIA = List.of("service_time", "queue_time", "staff_courtesy", "premises_comfort", "information_access");


    @Test
    void aCitizenAnswersOnAPhoneAndTheResponseIsCounted() throws Exception {
        server = TestServer.start(data);
        browser = Browser.phone(true);
        browser.get(server.uri(FORM).toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Оценка качества муниципальной услуги");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("class")).as("the page's script ran").contains("js");
        assertThat(((Number) script("return document.documentElement.clientWidth")).intValue()).isEqualTo(390);
        assertThat((Boolean) script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as("no sideways scrolling on the phone").isTrue();
        assertThat(browser.findElement(By.cssSelector("label[for=i-service_time-5]")).getText()).contains("Отлично");
        assertThat(browser.findElement(By.cssSelector("label[for=i-service_time-1]")).getText()).contains("Очень плохо");
        WebElement level = browser.findElement(By.cssSelector("label[for=i-queue_time-4]"));
        assertThat(level.getSize().getHeight()).as("touch target height in CSS pixels").isGreaterThanOrEqualTo(44);

        browser.findElement(By.cssSelector("label[for=i-service-housing]")).click();
        java.nio.file.Files.createDirectories(DashboardBrowserIT.SCREENSHOTS);
        java.nio.file.Files.write(DashboardBrowserIT.SCREENSHOTS.resolve("citizen-form-phone.png"), browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        answer("housing", 4, 9, "Долго ждали талон");
        script("document.getElementById('q-service_time').scrollIntoView()");
        java.nio.file.Files.write(DashboardBrowserIT.SCREENSHOTS.resolve("citizen-form-phone-scale.png"),
                browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        submit();

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Спасибо!");
        assertThat(server.storedResponses()).isEqualTo(1);
        // The one answer is stored as given (the raw export withholds a group of one, so the store is read here).
        java.util.List<ru.berezhno.core.responses.StoredResponse> stored = new java.util.ArrayList<>();
        server.platform().repository().forEach("citizen-satisfaction", stored::add);
        assertThat(stored).singleElement().satisfies(response -> {
            assertThat(response.organization()).isEqualTo("uer");
            assertThat(response.answers()).containsEntry("service", "housing").containsEntry("service_time", 4L).containsEntry("recommend", 9L)
                    .containsEntry("comment", "Долго ждали талон");
        });
        String csv = server.get("/api/v1/surveys/citizen-satisfaction/export/responses.csv", server.token("analyst", null)).body();
        assertThat(csv.lines().skip(1).toList()).as("a group of one is in no export").isEmpty();
    }

    @Test
    void aWrongAnswerIsShownBesideItsQuestionWithTheOtherAnswersKept() throws Exception {
        server = TestServer.start(data);
        browser = Browser.phone(true);
        wrongAnswerKeepsTheRest();
    }

    @Test
    void theFormWorksWithJavaScriptTurnedOff() throws Exception {
        server = TestServer.start(data);
        browser = Browser.phone(false);
        open("/");
        Browser.submit(browser, By.linkText("Оценка качества муниципальной услуги"));
        assertThat(browser.getCurrentUrl()).endsWith("/s/citizen-satisfaction");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("class")).as("no script ran").doesNotContain("js");
        wrongAnswerKeepsTheRest();
        answer(null, 5, null, null);
        submit();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Спасибо!");
        assertThat(server.storedResponses()).isEqualTo(1);
    }

    @Test
    void theFormHasNoSeriousOrCriticalAccessibilityViolations() throws Exception {
        server = TestServer.start(data);
        browser = Browser.phone(true);
        browser.get(server.uri(FORM).toString());
        assertNoSeriousViolations(new AxeBuilder().analyze(browser));
        browser.findElement(By.cssSelector("label[for=i-service_time-2]")).click();
        submit();
        assertThat(browser.findElements(By.cssSelector(".error"))).isNotEmpty();
        assertNoSeriousViolations(new AxeBuilder().analyze(browser));
        browser.get(server.uri(FORM + "&lang=en").toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Rate the quality of a municipal service");
        assertNoSeriousViolations(new AxeBuilder().analyze(browser));
    }

    @Test
    void aScriptInADefinitionTitleIsShownAsTextAndNeverRuns() throws Exception {
        Path definitions = Files.createDirectories(data.resolve("definitions"));
        TestServer.copyDefinitions(definitions);
        Path file = definitions.resolve("citizen-satisfaction.yaml");
        String title = "Оценка <script>window.pwned = 1</script> услуги";
        Files.writeString(file, Files.readString(file).replace("  ru: Оценка качества муниципальной услуги", "  ru: '" + title + "'"));
        server = TestServer.start(Files.createDirectories(data.resolve("store")), Clock.systemUTC(), definitions);
        browser = Browser.phone(true);
        browser.get(server.uri("/").toString());
        assertThat(browser.findElement(By.cssSelector("ul.surveys")).getText()).contains(title);
        browser.get(server.uri(FORM).toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(title);
        assertThat(browser.getTitle()).startsWith(title);
        assertThat(script("return typeof window.pwned")).isEqualTo("undefined");
        assertThat(browser.findElements(By.cssSelector("main script"))).isEmpty();
    }

    private void wrongAnswerKeepsTheRest() {
        if (browser.getCurrentUrl().endsWith("/s/citizen-satisfaction")) {
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("organization"))).selectByValue("uer");
        }
        else {
            open(FORM);
        }
        browser.findElement(By.cssSelector("label[for=i-service-housing]")).click();
        for (String criterion : CRITERIA) {
            if (!criterion.equals("queue_time")) {
                browser.findElement(By.cssSelector("label[for=i-" + criterion + "-3]")).click();
            }
        }
        browser.findElement(By.id("i-comment")).sendKeys("Очередь <b>длинная</b>");
        submit();
        assertThat(browser.findElement(By.cssSelector("#q-queue_time .error")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("q-queue_time")).getAttribute("class")).contains("invalid");
        assertThat(browser.findElements(By.cssSelector("#q-staff_courtesy .error"))).isEmpty();
        assertThat(browser.findElement(By.id("i-staff_courtesy-3")).isSelected()).as("an answer given is kept").isTrue();
        assertThat(browser.findElement(By.id("i-service-housing")).isSelected()).isTrue();
        assertThat(browser.findElement(By.id("i-comment")).getAttribute("value")).isEqualTo("Очередь <b>длинная</b>");
        assertThat(browser.findElement(By.id("errors")).getText()).isNotBlank();
        assertThat(server.storedResponses()).as("nothing stored").isZero();
    }

    /** Answers every criterion and the overall question at one level; service, recommendation and comment when given. */
    private void answer(String service, int level, Integer recommend, String comment) {
        if (service != null) {
            browser.findElement(By.cssSelector("label[for=i-service-" + service + "]")).click();
        }
        for (String criterion : CRITERIA) {
            browser.findElement(By.cssSelector("label[for=i-" + criterion + "-" + level + "]")).click();
        }
        browser.findElement(By.cssSelector("label[for=i-overall-" + level + "]")).click();
        if (recommend != null) {
            browser.findElement(By.cssSelector("label[for=i-recommend-" + recommend + "]")).click();
        }
        if (comment != null) {
            WebElement box = browser.findElement(By.id("i-comment"));
            box.clear();
            box.sendKeys(comment);
        }
    }

    private void submit() {
        Browser.submit(browser);
    }

    private void loaded() {
        Browser.loaded(browser);
    }

    /** Opens a page and waits for its heading (the JavaScript-less browser does not wait for loads by itself). */
    private void open(String path) {
        browser.get(server.uri(path).toString());
        loaded();
    }

    private Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    static void assertNoSeriousViolations(Results results) {
        assertThat(results.isErrored()).as("axe-core ran").isFalse();
        assertThat(results.getPasses()).as("axe-core checked the page").hasSizeGreaterThan(10);
        List<String> serious = results.getViolations().stream().filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(CitizenFormBrowserIT::describe).toList();
        assertThat(serious).as("serious or critical accessibility violations").isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " " + rule.getNodes().stream().map(node -> node.getTarget().toString()).toList();
    }
}

package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The API's page renders its description with Swagger UI from the jar, under a policy that allows
 * no inline script and nothing from another origin: were a script or the document's fetch blocked,
 * no operation would show.
 */
class ApiDocsBrowserIT extends BrowserTest {
    @BeforeAll
    static void chromium() {
        Browser.requireInstalled();
    }

    @Test
    void theApiPageRendersEveryOperationUnderTheContentSecurityPolicy() throws Exception {
        server = TestServer.start(data);
        ServerClient.Reply page = server.get("/api-docs", null);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe");
        int operations = 0;
        for (com.fasterxml.jackson.databind.JsonNode path : server.get("/api/v1/openapi.json", null).json().get("paths")) {
            operations += path.size();
        }
        browser = Browser.laptop();
        browser.get(server.uri("/api-docs").toString());
        int expected = operations;
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> driver.findElements(By.cssSelector(".opblock")).size() == expected);
        assertThat(browser.findElements(By.cssSelector(".opblock-summary-path")).stream().map(element -> element.getAttribute("data-path")))
                .contains("/api/v1/admin/backups", "/api/v1/surveys/{id}/responses");
    }
}

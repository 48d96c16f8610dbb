package ru.berezhno.server;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/** A browser test's parts: a data folder, the real server a test starts on it, and the browser it opens; both closed after each test. */
abstract class BrowserTest {
    @TempDir
    Path data;

    TestServer server;
    ChromeDriver browser;

    @AfterEach
    void closeBrowserAndServer() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }
}

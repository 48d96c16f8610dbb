package ru.berezhno.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's {@code chromium}, headless, driven through Debian's {@code chromedriver} (both installed
 * by {@code .ci/run}); nothing is downloaded. A phone is a 390×844 viewport with a touch screen.
 */
final class Browser {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {
    }

    /** Whether Debian's chromium and chromedriver are installed (the build's precondition for browser tests). */
    static void requireInstalled() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver");
        }
    }

    static ChromeDriver phone(boolean javascript) {
        return start(390, 844, javascript, true);
    }

    static ChromeDriver laptop() {
        return start(1280, 900, true, false);
    }

    private static ChromeDriver start(int width, int height, boolean javascript, boolean mobile) {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=ru-RU",
                "--window-size=" + width + "," + height, "--no-first-run", "--disable-extensions");
        if (!javascript) {
            // As a browser with JavaScript turned off: the page's scripts never run (the driver still works through DevTools).
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        options.setExperimentalOption("excludeSwitches", List.of("enable-automation"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);

        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        if (mobile) {
            // A phone through DevTools (chromedriver's own mobile emulation hangs on clicks when JavaScript is off).
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 3, "mobile", true));
            driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true));
            driver.executeCdpCommand("Emulation.setUserAgentOverride", Map.of("userAgent",
                    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36"));
        }
        else {
            driver.manage().window().setSize(new Dimension(width, height));
        }
        return driver;
    }

    /** Scrolls an element into the middle of the viewport and clicks it, as a finger would. */
    static void click(WebDriver driver, By by) {
        WebElement element = driver.findElement(by);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    /** Presses the form's submit button and waits for the next page to load. */
    static void submit(WebDriver driver) {
        submit(driver, By.cssSelector("button.submit"));
    }

    /** Presses a form's button (or follows a link) and waits for the next page to load. */
    static void submit(WebDriver driver, By button) {
        WebElement page = driver.findElement(By.tagName("html"));
        click(driver, button);
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ready -> gone(page));
        loaded(driver);
    }

    /**
     * Whether an element's page has been replaced. Chromedriver reports a node of a page navigated
     * away from either as stale or as one that "does not belong to the document".
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        }
        catch (StaleElementReferenceException e) {
            return true;
        }
        catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Waits until the page has loaded (a browser without JavaScript does not wait by itself after a click). */
    static void loaded(WebDriver driver) {
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(ready -> "complete".equals(((JavascriptExecutor) ready).executeScript("return document.readyState")));
    }
}

package org.latentarchive.explorer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver, with a fresh profile and the browser console
 * captured (tests fail on page errors), started before a test class and quit after it:
 * {@code @RegisterExtension static final HeadlessChromium chromium = new HeadlessChromium("name", 1400, 1100);}.
 * The flags keep it off the network: this machine reaches nothing outside. WebGL (the map) runs on SwiftShader,
 * Chromium's software renderer, asked for by name: Chromium no longer falls back to it unasked. Screenshots go to
 * target/screenshots; downloads (the map's exports) to a fresh folder of their own, {@link #downloads()}.
 */
final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final int width;
    private final int height;
    private ChromeDriver driver;
    private Path screenshots;
    private Path downloads;

    HeadlessChromium(String name, int width, int height) {
        this.name = name;
        this.width = width;
        this.height = height;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        screenshots = Files.createDirectories(Path.of(System.getProperty("explorer.screenshots", "target/screenshots")));
        Path profile = Files.createTempDirectory(name);
        downloads = Files.createTempDirectory(name + "-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
            "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        options.setExperimentalOption("prefs", java.util.Map.of(
            "download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
            .build();
        driver = new ChromeDriver(service, options);
        // headless Chromium saves downloads only where it is told to, whatever the profile says
        driver.executeCdpCommand("Browser.setDownloadBehavior", java.util.Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Where the browser saves downloads. */
    Path downloads() {
        return downloads;
    }

    /**
     * Waits for a download whose name matches {@code pattern} (a regular expression) to be complete, and answers it.
     * Delete what an earlier step downloaded first: Chromium names a second file of the same name "name (1).csv".
     */
    Path awaitDownload(String pattern) {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(pattern);
        return new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(30)).until(d -> {
            try (var files = Files.list(downloads)) {
                return files.filter(p -> name.matcher(p.getFileName().toString()).matches()).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** Empties the downloads folder. */
    void clearDownloads() throws IOException {
        try (var files = Files.list(downloads)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
    }

    /** Signs in on the explorer's sign-in page and waits until it has gone on to {@code next} (a path). */
    void signIn(String baseUrl, String name, String password, String next) {
        driver.get(baseUrl + "/signin.html?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
        driver.findElement(By.id("signin-name")).sendKeys(name);
        driver.findElement(By.id("signin-password")).sendKeys(password, org.openqa.selenium.Keys.ENTER);
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(30))
            .until(d -> !d.getCurrentUrl().contains("/signin.html"));
    }

    /** The page shows no error and the console logged none. */
    void assertNoErrors() {
        WebElement error = driver.findElement(By.id("error"));
        assertFalse(error.isDisplayed(), "the page shows an error: " + error.getText());
        List<String> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
        assertTrue(problems.isEmpty(), "the browser console shows errors: " + problems);
    }

    /** What the window shows, as target/screenshots/NAME.png. */
    void screenshot(String shot) throws IOException {
        Files.write(screenshots.resolve(shot + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** The whole page, however long (up to 4000 px), as target/screenshots/NAME.png. */
    void pageScreenshot(String shot) throws IOException {
        Object pageHeight = ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(width, Math.min(4000, ((Number) pageHeight).intValue() + 120)));
        screenshot(shot);
        driver.manage().window().setSize(new Dimension(width, height));
    }
}

package org.latentarchive.explorer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What every browser test of the main page waits for and checks: the view's renders, its error box, the console. */
final class PageChecks {

    private PageChecks() {
    }

    /** How often the main page's view has rendered (its {@code data-renders}). */
    static int renders(WebDriver browser) {
        String value = browser.findElement(By.id("view")).getAttribute("data-renders");
        return value == null ? 0 : Integer.parseInt(value);
    }

    /** Waits until {@code view} is shown, ready, and has rendered more often than {@code before}. */
    static void awaitRender(WebDriver browser, String view, int before) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            WebElement main = d.findElement(By.id("view"));
            String renders = main.getAttribute("data-renders");
            return view.equals(main.getAttribute("data-view")) && "true".equals(main.getAttribute("data-ready"))
                && renders != null && Integer.parseInt(renders) > before;
        });
    }

    /** The page shows no error, and the browser's console holds none (a failed thumbnail is expected: a placeholder replaces it). */
    static void assertNoErrors(WebDriver browser) {
        WebElement error = browser.findElement(By.id("error"));
        assertFalse(error.isDisplayed(), "the page shows an error: " + error.getText());
        List<String> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .filter(m -> !m.contains("/images/"))
            .toList();
        assertTrue(problems.isEmpty(), "the browser console shows errors: " + problems);
    }
}

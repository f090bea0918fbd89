package org.latentarchive.explorer;

import org.latentarchive.curator.CuratorTrainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The training page in headless Chromium: a curator starts a short training on their judgements, watches the
 * epochs go by, reads the mean-rank table, applies the model and follows the link into the explorer, which then
 * searches in the tuned space.
 */
class TrainBrowserTest {

    private static final int EPOCHS = 12;
    private static final Pattern EPOCH = Pattern.compile("epoch (\\d+) of (\\d+).*");
    private static TrainingExplorer t;
    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium("train-chromium", 1300, 1400);
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t = TrainingExplorer.get();
        browser = chromium.driver();
    }

    @Test
    void aCuratorTrainsWatchesAppliesAndExploresTheTunedSpace() throws Exception {
        chromium.signIn(t.baseUrl, TrainingExplorer.CURATOR, Fixture.PASSWORD, "/train.html");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> !d.findElements(By.cssSelector("#train-field option")).isEmpty());
        // the form starts at the server's defaults, the prototype's hyper-parameters
        wait.until(d -> String.valueOf(CuratorTrainer.Options.defaults().hidden())
            .equals(d.findElement(By.cssSelector("#train-form [name='hidden']")).getAttribute("value")));
        assertEquals(CuratorTrainer.Options.defaults().learningRate(),
            Double.parseDouble(browser.findElement(By.cssSelector("#train-form [name='learningRate']")).getAttribute("value")), 1e-9);
        assertEquals(ExplorerConfig.DEFAULT_MODEL, new Select(browser.findElement(By.id("train-field"))).getFirstSelectedOption().getAttribute("value"));
        wait.until(d -> !d.findElements(By.cssSelector("header.top #field option")).isEmpty());
        assertTrue(browser.findElement(By.cssSelector("header.top #field")).isDisplayed(), "the header's Space selector is shown");
        assertEquals(ExplorerConfig.DEFAULT_MODEL, new Select(browser.findElement(By.cssSelector("header.top #field"))).getFirstSelectedOption().getAttribute("value"));
        WebElement curator = browser.findElement(By.id("train-curator"));
        curator.sendKeys(TrainingExplorer.CURATOR);
        browser.findElement(By.tagName("h1")).click();
        wait.until(d -> d.findElement(By.id("annotation-count")).getText().startsWith(TrainingExplorer.LINES + " annotations stored by"));
        set("epochs", String.valueOf(EPOCHS));
        set("learningRate", "0.003");
        set("seed", "3");
        // every text the epoch counter shows, so that a run faster than a glance still proves it was shown live
        browser.executeScript("""
            window.seenEpochs = [];
            new MutationObserver(() => window.seenEpochs.push(document.getElementById('epoch-counter').textContent))
              .observe(document.getElementById('epoch-counter'), {childList: true, characterData: true, subtree: true});""");
        browser.findElement(By.id("start")).click();

        new WebDriverWait(browser, Duration.ofMinutes(5)).until(d -> "done".equals(d.findElement(By.id("progress")).getAttribute("data-state"))
            || "failed".equals(d.findElement(By.id("progress")).getAttribute("data-state")));
        assertEquals("done", browser.findElement(By.id("progress")).getAttribute("data-state"),
            browser.findElement(By.id("job-result")).getText());
        assertTrue(browser.findElement(By.id("epoch-counter")).getText().startsWith("epoch " + EPOCHS + " of " + EPOCHS),
            browser.findElement(By.id("epoch-counter")).getText());
        List<?> seen = (List<?>) browser.executeScript("return window.seenEpochs;");
        assertTrue(seen.stream().map(String::valueOf).map(EPOCH::matcher).filter(Matcher::matches)
            .anyMatch(m -> Integer.parseInt(m.group(2)) == EPOCHS && Integer.parseInt(m.group(1)) < EPOCHS), "the counter showed the run in progress: " + seen);
        String loss = browser.findElement(By.cssSelector("#chart polyline.loss")).getAttribute("points");
        assertEquals(EPOCHS, loss.trim().split("\\s+").length, "one point of training loss per epoch: " + loss);
        assertFalse(browser.findElements(By.cssSelector("#chart polyline.rank")).isEmpty(), "the held-out mean rank is drawn");

        List<WebElement> rows = browser.findElements(By.cssSelector("#job-result table.mean-rank tbody tr"));
        assertEquals(5, rows.size());
        assertTrue(rows.get(3).getText().startsWith("trained (tuned_") && rows.get(3).getText().contains("held-out"), rows.get(3).getText());
        assertTrue(rows.get(4).getText().startsWith("chance"), rows.get(4).getText());
        String model = browser.findElement(By.cssSelector("#job-result p")).getText().replaceAll("^Saved as (tuned_\\d+)\\.$", "$1");
        assertTrue(model.matches("tuned_\\d+"), model);
        chromium.screenshot("train-done");

        By apply = By.cssSelector("article.model[data-model='" + model + "'] button.apply");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(apply).isEmpty());
        browser.findElement(apply).click();
        By explore = By.cssSelector("article.model[data-model='" + model + "'] a.explore");
        new WebDriverWait(browser, Duration.ofMinutes(2)).until(d -> !d.findElements(explore).isEmpty());
        assertEquals("explore with this field", browser.findElement(explore).getText());
        chromium.screenshot("train-applied");
        JsonNode applied = null;
        for (JsonNode m : t.getJson("/api/models").path("models")) {
            if (m.path("name").asText().equals(model)) {
                applied = m;
            }
        }
        assertTrue(applied != null && applied.path("applied").asBoolean(), "the model's field is in the index");

        // compare the applied space with the model's own on the curator's judgements
        By tunedCheck = By.cssSelector("#evaluate-fields input[value='" + model + "']");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(tunedCheck).isEmpty());
        browser.findElement(tunedCheck).click();
        browser.findElement(By.id("evaluate-curator")).sendKeys(TrainingExplorer.CURATOR);
        browser.findElement(By.cssSelector("#evaluate-form button[type='submit']")).click();
        By evaluated = By.cssSelector("#evaluation table.mean-rank tbody tr");
        new WebDriverWait(browser, Duration.ofMinutes(1)).until(d -> d.findElements(evaluated).size() == 3);
        List<WebElement> compared = browser.findElements(evaluated);
        assertTrue(compared.get(0).getText().startsWith("vectors." + ExplorerConfig.DEFAULT_MODEL), compared.get(0).getText());
        assertTrue(compared.get(1).getText().startsWith("vectors." + model + " " + TrainingExplorer.LINES), compared.get(1).getText());
        assertTrue(compared.get(2).getText().startsWith("chance"), compared.get(2).getText());
        browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("evaluation")));
        System.out.println("evaluate on the page: " + compared.stream().map(WebElement::getText).toList());
        chromium.screenshot("train-evaluated");
        chromium.assertNoErrors();

        browser.findElement(explore).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("field=" + model)
            && !d.findElements(By.cssSelector("#field option")).isEmpty());
        Select space = new Select(browser.findElement(By.id("field")));
        assertEquals(model, space.getFirstSelectedOption().getAttribute("value"), "the explorer opens in the tuned space");
        chromium.screenshot("train-explore-tuned");
        chromium.assertNoErrors();
    }

    private static void set(String name, String value) {
        WebElement input = browser.findElement(By.cssSelector("#train-form [name='" + name + "']"));
        input.clear();
        input.sendKeys(value);
    }

}

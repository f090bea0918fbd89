package org.latentarchive.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The annotation page in headless Chromium over the real collection: a curator picks an anchor and its positive
 * with the mouse and with the keyboard, and the judgements are in the annotations index; the self-consistency page
 * stores the rank of the earlier positive. Also the API's exchange format and its refusals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnnotateBrowserTest {

    private static final String CURATOR = Fixture.CURATOR;
    private static Fixture f;
    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium("annotate-chromium", 1400, 1300);
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        f = Fixture.get();
        browser = chromium.driver();
    }

    @Test
    @Order(1)
    void clickingAnchorThenPositiveStoresTheJudgementWithTheSevenOthers() throws Exception {
        // a visitor who opens the annotation page is sent to sign in first, and comes back after it
        browser.get(f.baseUrl + "/annotate.html#annotate");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/signin.html"));
        browser.findElement(By.id("signin-name")).sendKeys(CURATOR);
        browser.findElement(By.id("signin-password")).sendKeys(Fixture.PASSWORD, Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/annotate.html"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> CURATOR.equals(d.findElement(By.id("curator")).getText()));
        assertTrue(browser.findElement(By.id("who")).getText().startsWith(CURATOR), "the header names the curator");
        List<String> shown = awaitNine();
        assertEquals(9, new HashSet<>(shown).size(), "nine distinct artworks: " + shown);
        assertEquals(ExplorerConfig.DEFAULT_MODEL, headerSpace(), "the header's Space selector shows the default space");

        List<WebElement> picks = browser.findElements(By.cssSelector("#nine .pick"));
        picks.get(4).click();
        assertTrue(picks.get(4).getAttribute("class").contains("anchor-picked"));
        chromium.screenshot("annotate-anchor-picked");
        picks.get(7).click();
        awaitStep("Stored:");

        JsonNode latest = latestBy(CURATOR);
        assertEquals(shown.get(4), latest.path("anchor").asText());
        assertEquals(shown.get(7), latest.path("positive").asText());
        List<String> others = new ArrayList<>();
        latest.path("others").forEach(o -> others.add(o.asText()));
        List<String> expected = new ArrayList<>(shown);
        expected.remove(shown.get(7));
        expected.remove(shown.get(4));
        assertEquals(expected, others);
        assertEquals("all", latest.path("subset").asText());
        assertFalse(latest.path("time").asText().isEmpty());
        chromium.assertNoErrors();
    }

    @Test
    @Order(2)
    void theKeyboardAloneMakesAJudgementInAFilteredSubset() throws Exception {
        browser.get(f.baseUrl + "/annotate.html#annotate");
        awaitNine();
        String firstSeed = browser.findElement(By.id("nine")).getAttribute("data-seed");
        browser.findElement(By.name("yearTo")).sendKeys("1700");
        browser.findElement(By.cssSelector("#subset button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(d -> !firstSeed.equals(d.findElement(By.id("nine")).getAttribute("data-seed")));
        List<String> shown = awaitNine();

        // keys typed into the filter inputs are text, not picks: leave them first
        browser.executeScript("document.activeElement.blur()");
        new Actions(browser).sendKeys("2").sendKeys("9").perform();
        awaitStep("Stored:");

        JsonNode latest = latestBy(CURATOR);
        assertEquals(shown.get(1), latest.path("anchor").asText());
        assertEquals(shown.get(8), latest.path("positive").asText());
        assertEquals("yearTo=1700", latest.path("subset").asText());
        chromium.screenshot("annotate-after-keyboard");
        chromium.assertNoErrors();
    }

    @Test
    @Order(3)
    void selfConsistencyStoresTheRankOfTheEarlierPositive() throws Exception {
        browser.get(f.baseUrl + "/annotate.html#consistency");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.findElements(By.cssSelector("#eight .pick img")).size() == 8);
        JsonNode earlier = null;
        List<WebElement> candidates = browser.findElements(By.cssSelector("#eight .pick"));
        String anchorTitle = browser.findElement(By.cssSelector("#anchor p")).getText();
        // find the stored judgement this trial shows: the one whose candidates are these eight
        List<String> ids = candidates.stream().map(c -> c.getAttribute("data-id")).toList();
        for (JsonNode a : f.curator.getJson("/api/annotations?size=100&curator=" + CURATOR).path("latest")) {
            List<String> cands = new ArrayList<>();
            cands.add(a.path("positive").asText());
            a.path("others").forEach(o -> cands.add(o.asText()));
            if (new HashSet<>(cands).equals(new HashSet<>(ids))) {
                earlier = a;
            }
        }
        assertTrue(earlier != null, "the trial shows the candidates of an earlier judgement by this curator");
        assertFalse(anchorTitle.isBlank());
        // order them with the earlier positive third
        String positive = earlier.path("positive").asText();
        List<String> order = new ArrayList<>(ids);
        order.remove(positive);
        order.add(2, positive);
        for (String id : order.subList(0, 7)) {
            browser.findElement(By.cssSelector("#eight .pick[data-id='" + id + "']")).click();
        }
        WebElement submit = browser.findElement(By.id("submit-order"));
        assertTrue(submit.isEnabled(), "seven clicks order all eight");
        submit.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElement(By.id("rank-result")).getText().isEmpty());
        assertTrue(browser.findElement(By.id("rank-result")).getText().startsWith("Your earlier choice ranked 3 of 8"),
            browser.findElement(By.id("rank-result")).getText());
        chromium.screenshot("annotate-self-consistency");

        JsonNode ranks = f.es.search("annotation_self_ranks", f.json.readTree("""
            {"query": {"term": {"annotation": "%s"}}}""".formatted(earlier.path("id").asText())));
        assertEquals(1, ranks.path("hits").path("total").path("value").asInt());
        assertEquals(3, ranks.path("hits").path("hits").path(0).path("_source").path("rank").asInt());
        assertEquals(CURATOR, ranks.path("hits").path("hits").path(0).path("_source").path("curator").asText());
        chromium.assertNoErrors();
    }

    @Test
    @Order(4)
    void exportWritesThePrototypeLinesAndImportReadsThemBack() throws Exception {
        String exported = f.curator.get("/api/annotations/export").body();
        List<String> lines = exported.lines().toList();
        assertTrue(lines.size() >= 2, exported);
        for (String line : lines) {
            assertEquals(9, line.split(",").length, line);
        }
        long before = f.curator.getJson("/api/annotations?size=0").path("total").asLong();

        HttpResponse<String> imported = post("/api/annotations/import", exported, "text/plain");

        assertEquals(201, imported.statusCode(), imported.body());
        assertEquals(lines.size(), f.json.readTree(imported.body()).path("imported").asInt());
        assertEquals(before + lines.size(), f.curator.getJson("/api/annotations?size=0").path("total").asLong());
        assertTrue(f.curator.get("/api/annotations/export").body().contains(lines.get(0)));
    }

    @Test
    @Order(5)
    void badJudgementsAreRefusedWithAReasonAndNothingIsStored() throws Exception {
        long before = f.curator.getJson("/api/annotations?size=0").path("total").asLong();
        String id = f.anyId();

        HttpResponse<String> twice = post("/api/annotations", """
            {"anchor": "%s", "positive": "%s", "others": ["a","b","c","d","e","f","g"]}""".formatted(id, id), "application/json");
        HttpResponse<String> unknown = post("/api/annotations", """
            {"anchor": "%s", "positive": "nope-1", "others": ["a","b","c","d","e","f","g"]}""".formatted(id), "application/json");
        HttpResponse<String> badLine = post("/api/annotations/import", f.curator.get("/api/annotations/export").body()
            + "only,three,ids\n", "text/plain");

        assertEquals(400, twice.statusCode());
        assertTrue(f.json.readTree(twice.body()).path("error").asText().contains("appears twice"), twice.body());
        assertEquals(400, unknown.statusCode());
        assertTrue(f.json.readTree(unknown.body()).path("error").asText().contains("no artwork with id"), unknown.body());
        assertEquals(400, badLine.statusCode());
        assertTrue(f.json.readTree(badLine.body()).path("error").asText().contains("found 3"), badLine.body());
        assertEquals(before, f.curator.getJson("/api/annotations?size=0").path("total").asLong());
    }

    private static HttpResponse<String> post(String path, String body, String type) throws Exception {
        return f.curator.send("POST", path, body, type);
    }

    /** The space the header's Space selector shows, once it lists the index's spaces. */
    private static String headerSpace() {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("header.top #field option")).isEmpty());
        WebElement select = browser.findElement(By.cssSelector("header.top #field"));
        assertTrue(select.isDisplayed(), "the Space selector is visible");
        return new Select(select).getFirstSelectedOption().getAttribute("value");
    }

    private static JsonNode latestBy(String curator) throws Exception {
        return f.curator.getJson("/api/annotations?size=1&curator=" + curator).path("latest").path(0);
    }

    /** The ids of the nine tiles once all their images have loaded. */
    private static List<String> awaitNine() {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> awaitNineQuietly().size() == 9);
        return awaitNineQuietly();
    }

    private static List<String> awaitNineQuietly() {
        Object ids = browser.executeScript("""
            const picks = [...document.querySelectorAll('#nine .pick')];
            return picks.length === 9 && picks.every(p => p.querySelector('img').complete) ? picks.map(p => p.dataset.id) : [];""");
        List<String> out = new ArrayList<>();
        ((List<?>) ids).forEach(i -> out.add(String.valueOf(i)));
        return out;
    }

    private static void awaitStep(String prefix) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.findElement(By.id("step")).getText().startsWith(prefix)
            && d.findElement(By.id("step")).getText().contains("Pick the next anchor"));
    }

}

package org.latentarchive.explorer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a visitor sees, in headless Chromium: search, filter, open an artwork and its neighbours, walk, open the
 * map's Clusters tab and click a cluster (the map itself: MapBrowserTest). Each step fails on the page's error
 * banner, on an empty result where there should be one, and on any error in the browser's console (a Content-Security-Policy violation shows up there). Screenshots
 * go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerBrowserTest {

    private static Fixture f;
    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium("explorer-chromium", 1400, 1100);
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        f = Fixture.get();
        browser = chromium.driver();
    }

    @Test
    @Order(1)
    void searchThenFilterNarrowsTheGrid() throws Exception {
        open("#/search", "search");
        // a visitor sees no curator controls: no Annotate or Train, only the curators' sign-in link
        List<String> nav = browser.findElements(By.cssSelector("header.top nav a")).stream().map(WebElement::getText).toList();
        assertFalse(nav.contains("Annotate") || nav.contains("Train"), "a visitor's header: " + nav);
        assertEquals("Curators: sign in", browser.findElement(By.id("sign-in")).getText());
        int all = tiles("#results").size();
        assertEquals(48, all, "the first page is full");
        assertTrue(text("#result-count").startsWith(f.artworks + " artworks"), text("#result-count"));

        int before = renders();
        WebElement q = browser.findElement(By.id("q"));
        q.sendKeys("Monet");
        browser.findElement(By.cssSelector("#search-form button[type=submit]")).click();
        awaitRender("search", before);
        List<WebElement> monet = tiles("#results");
        assertFalse(monet.isEmpty(), "a search for Monet finds his paintings");
        chromium.pageScreenshot("1-search-monet");

        before = renders();
        browser.findElement(By.id("q")).clear();
        new Select(browser.findElement(By.id("f-artist"))).selectByValue("Claude Monet");
        awaitRender("search", before);
        before = renders();
        browser.findElement(By.id("f-year-from")).sendKeys("1880");
        browser.findElement(By.cssSelector("#search-form button[type=submit]")).click();
        awaitRender("search", before);
        List<WebElement> filtered = tiles("#results");
        assertFalse(filtered.isEmpty(), "Monet painted after 1880");
        for (WebElement tile : filtered) {
            assertTrue(tile.getText().contains("Claude Monet"), tile.getText());
        }
        assertTrue(text("#result-count").matches("\\d+ artworks.*"), text("#result-count"));
        chromium.pageScreenshot("2-search-filtered");
    }

    @Test
    @Order(2)
    void artworkPageShowsTheImageMetadataAndNeighbours() throws Exception {
        assumeTrue(f.hasNeighbours(), "the plugin's vector_neighbours query is not in this build yet");
        open("#/search?q=Annunciation", "search");
        int before = renders();
        tiles("#results").get(0).click();
        awaitRender("artwork", before);
        assertEquals("Annunciation to the Shepherds", text("article h1"));
        assertTrue(text("article dl").contains("Oil on canvas"), text("article dl"));
        awaitImagesLoaded();
        assertEquals(12, tiles("#nearest").size());
        assertEquals(12, tiles("#farthest").size());
        chromium.pageScreenshot("3-artwork");
    }

    @Test
    @Order(3)
    void walkFromAnArtworkToItsFarthestRunsAndDrawsThePath() throws Exception {
        assumeTrue(f.hasNeighbours() && f.hasWalk(), "the plugin's DSL is not in this build yet");
        open("#/artwork/109220", "artwork");
        int before = renders();
        browser.findElement(By.id("walk-from")).click();
        awaitRender("walk", before);
        assertEquals("109220", browser.findElement(By.id("w-from")).getAttribute("value"));
        browser.findElement(By.id("w-farthest")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.findElement(By.id("w-to")).getAttribute("value").isBlank());
        WebElement steps = browser.findElement(By.id("w-steps"));
        steps.clear();
        steps.sendKeys("7");
        before = renders();
        browser.findElement(By.id("w-go")).click();
        awaitRender("walk", before);
        assertEquals(9, tiles("#walk-path").size(), "A, 7 steps, B");
        assertEquals(9, browser.findElements(By.cssSelector("#walk-scatter img")).size());
        assertEquals(8, browser.findElements(By.cssSelector("#walk-scatter line")).size(), "one arrow per segment");
        awaitImagesLoaded();
        chromium.pageScreenshot("4-walk");
    }

    @Test
    @Order(4)
    void clustersTabShowsClustersAndClickingOneShowsItsFacets() throws Exception {
        assumeTrue(f.hasClusters(), "the plugin's vector_clusters aggregation is not in this build yet");
        open("#/map?view=clusters", "map");
        List<WebElement> clusters = browser.findElements(By.cssSelector("#clusters .cluster"));
        assertEquals(8, clusters.size());
        awaitImagesLoaded();
        chromium.pageScreenshot("5-map-clusters");
        int before = renders();
        clusters.get(0).click();
        awaitRender("map", before);
        assertFalse(browser.findElements(By.cssSelector("#cluster-detail .top-artists li")).isEmpty());
        assertFalse(browser.findElements(By.cssSelector("#cluster-detail .histogram .bar")).isEmpty());
        assertFalse(tiles("#cluster-detail").isEmpty(), "representatives are shown");
        chromium.pageScreenshot("6-map-cluster");
        // a representative opens its artwork
        WebElement representative = tiles("#cluster-detail").get(0);
        String id = representative.getAttribute("data-id");
        before = renders();
        ((JavascriptExecutor) browser).executeScript("arguments[0].click()", representative);
        awaitRender("artwork", before);
        assertEquals(f.getJson("/api/artworks/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8))
            .path("title").asText(), text("article h1"), "a representative opens its artwork");
        open("#/map?view=clusters&algorithm=ward&k=8", "map");
        assertEquals(7, browser.findElements(By.cssSelector("#dendrogram path")).size(), "k - 1 merges");
        awaitImagesLoaded();
        chromium.pageScreenshot("8-map-dendrogram");
        before = renders();
        browser.findElement(By.cssSelector("#dendrogram a.leaf")).click();
        awaitRender("map", before);
        assertFalse(browser.findElements(By.cssSelector("#cluster-detail .top-artists li")).isEmpty(), "a leaf shows its cluster");
    }

    @Test
    @Order(5)
    void hostileMetadataIsShownAsTextAndNeverRuns() throws Exception {
        String title = "<img src=x onerror=\"window.pwned=1\">Hostile <b>title</b>";
        var doc = f.json.createObjectNode();
        doc.put("object_number", "HOSTILE-1").put("title", title).put("artist", "<script>window.pwned=2</script>Mallory")
            .put("description", "<p>Before</p><script>window.pwned=3</script><p onclick=\"window.pwned=4\">After</p>")
            .put("landing_page", "javascript:window.pwned=5").put("public_domain", true);
        float[] vector = new org.latentarchive.explorer.artwork.ArtworkService(f.es, ExplorerConfig.DEFAULT_INDEX)
            .vectors(List.of("109220"), "vectors." + ExplorerConfig.DEFAULT_MODEL).get("109220");
        var v = doc.putObject("vectors").putArray(ExplorerConfig.DEFAULT_MODEL);
        for (float x : vector) {
            v.add(x);
        }
        f.es.send("PUT", "/" + ExplorerConfig.DEFAULT_INDEX + "/_doc/HOSTILE-1?refresh=true", doc);
        try {
            open("#/search?q=Hostile", "search");
            List<WebElement> hits = tiles("#results");
            assertEquals(1, hits.size());
            assertEquals(title, hits.get(0).findElement(By.cssSelector(".title")).getText(), "the title is shown as written");
            assertTrue(browser.findElements(By.cssSelector("#results img[src=x], #results b, #results script")).isEmpty());
            if (f.hasNeighbours()) {
                open("#/artwork/HOSTILE-1", "artwork");
                assertEquals(title, text("article h1"));
                assertEquals("Before\n\nAfter", text(".description"), "the description's text, without its code");
                assertTrue(browser.findElements(By.cssSelector("article script, article [onclick], a[href^=javascript]")).isEmpty());
                chromium.pageScreenshot("9-hostile-metadata");
            }
            assertEquals(null, ((JavascriptExecutor) browser).executeScript("return window.pwned"), "no script of the metadata ran");
        } finally {
            f.es.send("DELETE", "/" + ExplorerConfig.DEFAULT_INDEX + "/_doc/HOSTILE-1?refresh=true", null);
        }
    }

    @Test
    @Order(6)
    void choosingAnotherSpaceInTheHeaderRecomputesTheNeighbours() throws Exception {
        assumeTrue(f.hasNeighbours(), "the plugin's vector_neighbours query is not in this build yet");
        DatingSpace.ensure(f);
        open("#/artwork/109220", "artwork");
        List<String> inModel = tileIds("#nearest");
        Select space = new Select(browser.findElement(By.id("field")));
        assertEquals(ExplorerConfig.DEFAULT_MODEL, space.getFirstSelectedOption().getAttribute("value"));

        int before = renders();
        space.selectByValue(DatingSpace.NAME);
        awaitRender("artwork", before);
        List<String> inDating = tileIds("#nearest");
        var expected = f.getJson("/api/artworks/109220/neighbours?size=12&field=" + DatingSpace.NAME).path("neighbours");
        List<String> expectedIds = new java.util.ArrayList<>();
        expected.forEach(n -> expectedIds.add(n.path("artwork").path("id").asText()));
        assertEquals(expectedIds, inDating, "the page shows the dating space's neighbours");
        assertFalse(inDating.equals(inModel), "another space, other neighbours");
        assertTrue(browser.getCurrentUrl().contains("field=" + DatingSpace.NAME), browser.getCurrentUrl());
        chromium.pageScreenshot("10-other-space");

        // the space stays chosen from view to view, and a link to it opens in it
        browser.get("about:blank");
        browser.get(f.baseUrl + "/?field=" + DatingSpace.NAME + "#/artwork/109220");
        awaitRender("artwork", 0);
        assertEquals(expectedIds, tileIds("#nearest"));
        assertEquals(DatingSpace.NAME, new Select(browser.findElement(By.id("field"))).getFirstSelectedOption().getAttribute("value"));
    }

    @Test
    @Order(7)
    void dropAnImageMarkTwoAndRefineAsTheRocchioQueryPredicts() throws Exception {
        assumeTrue(f.hasNeighbours(), "the plugin's vector_neighbours query is not in this build yet");
        List<String> ids = QueryImagesForTests.ids();
        byte[] jpeg = QueryImagesForTests.croppedJpeg(ids.get(30), 0.05);
        float[] imageVector;
        try (var images = new org.latentarchive.explorer.imagesearch.QueryImages(org.latentarchive.embed.model.NsfwjsModel.defaultCacheDir(),
            org.latentarchive.explorer.imagesearch.QueryImages.Limits.DEFAULT)) {
            imageVector = images.embed(jpeg);
        }
        var vectors = QueryImagesForTests.vectors(f, "vectors." + ExplorerConfig.DEFAULT_MODEL);

        open("#/search", "search");
        int before = renders();
        // what a drop from the desktop delivers: a drop event whose DataTransfer holds the file
        ((JavascriptExecutor) browser).executeScript("""
            const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
            const file = new File([bytes], 'photo.jpg', { type: 'image/jpeg' });
            const data = new DataTransfer();
            data.items.add(file);
            const zone = document.getElementById('image-drop');
            zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
            zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
            """, java.util.Base64.getEncoder().encodeToString(jpeg));
        awaitRender("image", before);
        List<String> shown = tileIds("#similar-results");
        assertEquals(ids.get(30), shown.get(0), "the painting the photo shows comes first");
        assertEquals(QueryImagesForTests.bruteForce(vectors, List.of(imageVector), List.of(), List.of(), 24), shown);
        awaitImagesLoaded();
        chromium.pageScreenshot("11-image-query");

        String liked = shown.get(5);
        String unliked = shown.get(1);
        browser.findElement(By.cssSelector("#similar-results .markable[data-id='" + liked + "'] .mark-like")).click();
        browser.findElement(By.cssSelector("#similar-results .markable[data-id='" + unliked + "'] .mark-unlike")).click();
        assertEquals("1 more like, 1 less like", text("#mark-count"));
        assertTrue(browser.getCurrentUrl().contains("like=" + liked) && browser.getCurrentUrl().contains("unlike=" + unliked),
            "the marks are in the URL: " + browser.getCurrentUrl());
        before = renders();
        browser.findElement(By.id("refine")).click();
        awaitRender("image", before);
        List<String> refined = tileIds("#similar-results");
        assertEquals(QueryImagesForTests.bruteForce(vectors, List.of(imageVector), List.of(liked), List.of(unliked), 24), refined,
            "the refined grid is the brute-force Rocchio query's answer");
        assertFalse(refined.equals(shown), "refining changes the result");
        assertFalse(refined.contains(liked) || refined.contains(unliked), "the marked artworks are left out");
        chromium.pageScreenshot("12-image-refined");

        // the farthest are one click away
        before = renders();
        browser.findElement(By.id("toggle-direction")).click();
        awaitRender("image", before);
        assertTrue(text("#view h1").contains("least like"), text("#view h1"));

        // "walk from this image": to the farthest, the image itself as A
        before = renders();
        browser.findElement(By.id("walk-from-image")).click();
        awaitRender("walk", before);
        assertEquals(11, tiles("#walk-path").size(), "the image, 9 steps, B");
        assertEquals("Your image", browser.findElement(By.cssSelector("#walk-path .tile .title")).getText());
        assertEquals(ids.get(30), tileIds("#walk-path").get(1), "the first stop is the painting the photo shows");
        awaitImagesLoaded();
        chromium.pageScreenshot("12b-walk-from-image");

        // marks on the search grid lead to "more like these", shareable by its URL
        open("#/search", "search");
        List<String> page = tileIds("#results");
        browser.findElement(By.cssSelector("#results .markable[data-id='" + page.get(0) + "'] .mark-like")).click();
        browser.findElement(By.cssSelector("#results .markable[data-id='" + page.get(1) + "'] .mark-like")).click();
        before = renders();
        browser.findElement(By.id("refine")).click();
        awaitRender("similar", before);
        assertEquals(QueryImagesForTests.bruteForce(vectors, List.of(), List.of(page.get(0), page.get(1)), List.of(), 24),
            tileIds("#similar-results"));
        String shared = browser.getCurrentUrl();
        open(shared.substring(shared.indexOf('#')), "similar");
        assertEquals(QueryImagesForTests.bruteForce(vectors, List.of(), List.of(page.get(0), page.get(1)), List.of(), 24),
            tileIds("#similar-results"), "the shared URL shows the same view");
        chromium.pageScreenshot("13-more-like-these");
    }

    // ---- helpers ----

    private static List<String> tileIds(String container) {
        return tiles(container).stream().map(t -> t.getAttribute("data-id")).toList();
    }

    /** A fresh page load of the app at {@code hash}, so that no state of an earlier step can satisfy the wait. */
    private static void open(String hash, String view) {
        browser.get("about:blank");
        browser.get(f.baseUrl + "/" + hash);
        awaitRender(view, 0);
    }

    private static int renders() {
        return PageChecks.renders(browser);
    }

    /** Waits until the view has rendered more often than {@code before}, then checks for errors. */
    private static void awaitRender(String view, int before) {
        PageChecks.awaitRender(browser, view, before);
        PageChecks.assertNoErrors(browser);
        assertTrue(browser.findElements(By.cssSelector("#view .loading")).isEmpty(), "nothing is left loading");
    }

    private static List<WebElement> tiles(String container) {
        return browser.findElements(By.cssSelector(container + " .tile"));
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    /** Lazy images load as they scroll into view; the screenshot should show them, and none should be broken. */
    private static void awaitImagesLoaded() {
        ((JavascriptExecutor) browser).executeScript("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
            "return [...document.images].every(i => i.complete)"));
        Object broken = ((JavascriptExecutor) browser).executeScript(
            "return [...document.images].filter(i => i.naturalWidth === 0 || i.classList.contains('missing')).map(i => i.src)");
        assertEquals(List.of(), broken, "every image of the collection loads");
    }

}

package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole-collection map in headless Chromium (WebGL on SwiftShader), checked against what the API says the map
 * holds ({@code GET /api/map?format=json}): every artwork drawn where its layout puts it, hover naming it, a zoom
 * down to a thumbnail that opens its artwork, a lasso whose CSV export is exactly the artworks inside it, a filter
 * that leaves the matching subset, and a space without layouts that a curator lays out from the page. Where a point
 * lies on screen comes from the page's {@code data-viewport} (the layout coordinates at the canvas's corners);
 * whether it is drawn, from the canvas's own pixels.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MapBrowserTest {

    private static final String LAYOUT = "pca";
    private static final String FIELD = ExplorerConfig.DEFAULT_MODEL;

    private static Fixture f;
    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium("map-chromium", 1400, 1200);
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        f = Fixture.get();
        browser = chromium.driver();
        ensureLayouts(FIELD, List.of(LAYOUT, "umap", "grid"));
    }

    @Test
    @Order(1)
    void theMapDrawsEveryArtworkOfTheCollectionAndHoverNamesOne() throws Exception {
        ShownPoints points = ShownPoints.of(f.getJson("/api/map?format=json&field=" + FIELD + "&layout=" + LAYOUT));
        assertEquals(f.artworks, points.size(), "the map holds every artwork of the collection");
        openMap("#/map?layout=" + LAYOUT);
        WebElement map = browser.findElement(By.id("map-view"));
        assertEquals(String.valueOf(f.artworks), map.getAttribute("data-points"));
        assertTrue(Boolean.TRUE.equals(js("return performance.getEntriesByName('map-first-draw').length === 1")), "the first draw is marked");

        Screen screen = screen();
        BufferedImage canvas = canvasPixels();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            double[] p = screen.project(points.x[i], points.y[i]);
            if (!drawnAt(canvas, screen, p[0], p[1])) {
                missing.add(points.ids.get(i));
            }
        }
        assertEquals(List.of(), missing, "every artwork is drawn where its layout puts it");
        chromium.screenshot("map-1-overview");

        // the most isolated point, away from the tools: hovering it names its artwork
        int lonely = screen.mostIsolated(points);
        JsonNode labels = f.getJson("/api/map/labels?field=" + FIELD + "&layout=" + LAYOUT);
        assertEquals(points.ids.get(lonely), labels.path("ids").path(lonely).asText(), "labels come in the map's order");
        double[] at = screen.project(points.x[lonely], points.y[lonely]);
        awaitLabels();
        moveTo(screen.clientX(at[0]), screen.clientY(at[1]));
        WebElement tooltip = browser.findElement(By.id("map-tooltip"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> tooltip.isDisplayed());
        assertEquals(points.ids.get(lonely), tooltip.getAttribute("data-id"));
        assertTrue(tooltip.getText().contains(labels.path("titles").path(lonely).asText()), tooltip.getText());
        assertTrue(tooltip.getText().contains(labels.path("artists").path(lonely).asText()), tooltip.getText());
        assertNoErrors();
    }

    @Test
    @Order(2)
    void zoomingInReachesAThumbnailThatOpensItsArtwork() throws Exception {
        ShownPoints points = ShownPoints.of(f.getJson("/api/map?format=json&field=" + FIELD + "&layout=" + LAYOUT));
        openMap("#/map?layout=" + LAYOUT);
        Screen screen = screen();
        int lonely = screen.mostIsolated(points);
        String id = points.ids.get(lonely);
        double[] at = screen.project(points.x[lonely], points.y[lonely]);
        int x = screen.clientX(at[0]), y = screen.clientY(at[1]);
        WebElement map = browser.findElement(By.id("map-view"));
        assertEquals("0", map.getAttribute("data-thumbnails"), "the overview draws points, not images");
        for (int wheel = 0; wheel < 12 && Double.parseDouble(map.getAttribute("data-zoom")) < 2.5; wheel++) {
            new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromViewport(x, y), 0, -250).perform();
            Thread.sleep(150);
        }
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Integer.parseInt(map.getAttribute("data-thumbnails")) > 0);
        awaitAtlases();
        screen = screen();
        at = screen.project(points.x[lonely], points.y[lonely]);
        // zooming about the pointer keeps the point under it
        assertTrue(Math.abs(screen.clientX(at[0]) - x) <= 2 && Math.abs(screen.clientY(at[1]) - y) <= 2,
            "the point stayed under the pointer: " + screen.clientX(at[0]) + "," + screen.clientY(at[1]) + " vs " + x + "," + y);
        BufferedImage canvas = canvasPixels();
        int colours = distinctColours(canvas, screen, at[0], at[1], 14);
        assertTrue(colours >= 12, "a thumbnail, not a dot, is drawn there: " + colours + " colours");
        chromium.screenshot("map-2-zoomed");

        int before = renders();
        click(screen.clientX(at[0]), screen.clientY(at[1]));
        awaitRender("artwork", before);
        assertTrue(browser.getCurrentUrl().contains("#/artwork/" + URLEncoder.encode(id, StandardCharsets.UTF_8)), browser.getCurrentUrl());
        assertEquals(f.getJson("/api/artworks/" + URLEncoder.encode(id, StandardCharsets.UTF_8)).path("title").asText(),
            browser.findElement(By.cssSelector("article h1")).getText(), "the thumbnail opens its artwork");
    }

    @Test
    @Order(3)
    void aLassoSelectsTheArtworksInsideAndExportsExactlyThemAsCsv() throws Exception {
        ShownPoints points = ShownPoints.of(f.getJson("/api/map?format=json&field=" + FIELD + "&layout=" + LAYOUT));
        openMap("#/map?layout=" + LAYOUT);
        Screen screen = screen();
        // a pentagon about the middle of the map, turned until no artwork lies within a pixel of its edge
        List<int[]> lasso = null;
        Set<String> inside = null;
        for (int turn = 0; turn < 36 && lasso == null; turn++) {
            List<int[]> polygon = new ArrayList<>();
            double r = 0.3 * Math.min(screen.width, screen.height);
            for (int k = 0; k < 5; k++) {
                double a = 2 * Math.PI * k / 5 + turn * Math.PI / 90;
                polygon.add(new int[] {screen.clientX(screen.width / 2 + r * Math.cos(a)), screen.clientY(screen.height / 2 + r * Math.sin(a))});
            }
            Set<String> found = new TreeSet<>();
            boolean clear = true;
            for (int i = 0; i < points.size(); i++) {
                double[] p = screen.project(points.x[i], points.y[i]);
                double cx = screen.left + p[0], cy = screen.top + p[1];
                if (edgeDistance(polygon, cx, cy) < 1.0) {
                    clear = false;
                    break;
                }
                if (contains(polygon, cx, cy)) {
                    found.add(points.ids.get(i));
                }
            }
            if (clear && found.size() >= 3) {
                lasso = polygon;
                inside = found;
            }
        }
        assertNotNull(lasso, "a lasso clear of every point");
        browser.findElement(By.id("map-mode-lasso")).click();
        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
        Sequence draw = new Sequence(mouse, 0);
        draw.addAction(mouse.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), lasso.get(0)[0], lasso.get(0)[1]));
        draw.addAction(mouse.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        for (int k = 1; k <= lasso.size(); k++) {
            int[] v = lasso.get(k % lasso.size());
            draw.addAction(mouse.createPointerMove(Duration.ofMillis(120), PointerInput.Origin.viewport(), v[0], v[1]));
        }
        draw.addAction(mouse.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        browser.perform(List.of(draw));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("map-selection")).isDisplayed());
        assertEquals(inside.size() + " selected", browser.findElement(By.cssSelector("#map-selection h2")).getText());
        chromium.screenshot("map-3-lasso");
        js("document.getElementById('map-selection').scrollIntoView()");
        chromium.screenshot("map-3b-selection");

        chromium.clearDownloads();
        browser.findElement(By.id("sel-export-csv")).click();
        Path csv = chromium.awaitDownload("selection-" + LAYOUT + "-\\d+\\.csv");
        List<List<String>> rows = parseCsv(Files.readString(csv, StandardCharsets.UTF_8));
        assertEquals(List.of("id", "title", "artist", "x", "y", "cluster"), rows.get(0));
        Set<String> exported = new TreeSet<>();
        JsonNode labels = f.getJson("/api/map/labels?field=" + FIELD + "&layout=" + LAYOUT);
        for (List<String> row : rows.subList(1, rows.size())) {
            exported.add(row.get(0));
            int i = points.ids.indexOf(row.get(0));
            assertTrue(i >= 0, row.get(0) + " is on the map");
            assertEquals(labels.path("titles").path(i).asText(), row.get(1).replaceFirst("^'(?=[=+\\-@\\t\\r])", ""));
            assertEquals(points.x[i], Double.parseDouble(row.get(3)), 1e-5);
            assertEquals(points.y[i], Double.parseDouble(row.get(4)), 1e-5);
            assertEquals(points.cluster[i], Integer.parseInt(row.get(5)));
        }
        assertEquals(rows.size() - 1, exported.size(), "no artwork twice");
        assertEquals(inside, exported, "the CSV holds exactly the artworks inside the lasso");

        // the whole subset as JSON, and the map as a PNG
        scrollToMap();
        browser.findElement(By.id("map-export-json")).click();
        JsonNode all = f.json.readTree(Files.readString(chromium.awaitDownload("map-" + LAYOUT + "-\\d+\\.json")));
        assertEquals(f.artworks, all.path("points").size());
        browser.findElement(By.id("map-export-png")).click();
        BufferedImage png = ImageIO.read(chromium.awaitDownload("map-" + LAYOUT + "-\\d+\\.png").toFile());
        assertEquals(canvasPixels().getWidth(), png.getWidth(), "the PNG is the map as drawn");

        // two of the selection: a walk between them
        List<WebElement> ends = browser.findElements(By.cssSelector("#selection-list input.walk-end"));
        String from = ends.get(0).getAttribute("data-id"), to = ends.get(1).getAttribute("data-id");
        js("arguments[0].click(); arguments[1].click()", ends.get(0), ends.get(1));
        int before = renders();
        browser.findElement(By.id("sel-walk")).click();
        awaitRender("walk", before);
        assertEquals(from, browser.findElement(By.id("w-from")).getAttribute("value"));
        assertEquals(to, browser.findElement(By.id("w-to")).getAttribute("value"));
    }

    @Test
    @Order(4)
    void theSelectionIsClusteredWithTheClustersRendering() throws Exception {
        openMap("#/map?layout=" + LAYOUT);
        browser.findElement(By.id("map-mode-box")).click();
        Screen screen = screen();
        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
        Sequence box = new Sequence(mouse, 0);
        box.addAction(mouse.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), screen.clientX(2), screen.clientY(2)));
        box.addAction(mouse.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        box.addAction(mouse.createPointerMove(Duration.ofMillis(200), PointerInput.Origin.viewport(),
            screen.clientX(screen.width - 2), screen.clientY(screen.height - 2)));
        box.addAction(mouse.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        browser.perform(List.of(box));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("map-selection")).isDisplayed());
        assertEquals(f.artworks + " selected", browser.findElement(By.cssSelector("#map-selection h2")).getText(), "a box round the whole map");
        WebElement k = browser.findElement(By.id("sel-k"));
        k.clear();
        k.sendKeys("4");
        browser.findElement(By.id("sel-cluster")).click();
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> !d.findElements(By.cssSelector("#selection-cluster-cards .cluster")).isEmpty());
        List<WebElement> cards = browser.findElements(By.cssSelector("#selection-cluster-cards .cluster"));
        assertEquals(4, cards.size());
        cards.get(0).click();
        assertFalse(browser.findElements(By.cssSelector("#selection-cluster-detail .top-artists li")).isEmpty());
        assertNoErrors();
    }

    @Test
    @Order(5)
    void aFilterLeavesTheMatchingSubset() throws Exception {
        openMap("#/map?layout=" + LAYOUT);
        int before = renders();
        new Select(browser.findElement(By.id("f-artist"))).selectByValue("Claude Monet");
        awaitRender("map", before);
        awaitDrawn();
        long monet = f.getJson("/api/search?size=1&artist=" + URLEncoder.encode("Claude Monet", StandardCharsets.UTF_8)).path("total").asLong();
        assertTrue(monet > 0 && monet < f.artworks, "Monet painted some of the collection");
        WebElement map = browser.findElement(By.id("map-view"));
        assertEquals(String.valueOf(monet), map.getAttribute("data-points"), "the map draws the filtered subset");
        ShownPoints subset = ShownPoints.of(f.getJson("/api/map?format=json&field=" + FIELD + "&layout=" + LAYOUT + "&artist="
            + URLEncoder.encode("Claude Monet", StandardCharsets.UTF_8)));
        assertEquals(monet, subset.size());
        Screen screen = screen();
        BufferedImage canvas = canvasPixels();
        for (int i = 0; i < subset.size(); i++) {
            double[] p = screen.project(subset.x[i], subset.y[i]);
            assertTrue(drawnAt(canvas, screen, p[0], p[1]), subset.ids.get(i) + " is drawn");
        }
        assertTrue(browser.getCurrentUrl().contains("artist=Claude"), browser.getCurrentUrl());
        chromium.screenshot("map-4-filtered");
    }

    @Test
    @Order(6)
    void theLayoutSelectorRedrawsTheMapInAnotherLayout() throws Exception {
        openMap("#/map?layout=" + LAYOUT);
        for (String layout : List.of("umap", "grid")) {
            int before = renders();
            new Select(browser.findElement(By.id("m-layout"))).selectByValue(layout);
            awaitRender("map", before);
            awaitDrawn();
            scrollToMap();
            assertTrue(browser.getCurrentUrl().contains("layout=" + layout), browser.getCurrentUrl());
            assertEquals(String.valueOf(f.artworks), browser.findElement(By.id("map-view")).getAttribute("data-points"));
            ShownPoints points = ShownPoints.of(f.getJson("/api/map?format=json&field=" + FIELD + "&layout=" + layout));
            Screen screen = screen();
            BufferedImage canvas = canvasPixels();
            for (int i = 0; i < points.size(); i++) {
                double[] p = screen.project(points.x[i], points.y[i]);
                assertTrue(drawnAt(canvas, screen, p[0], p[1]), points.ids.get(i) + " is drawn where " + layout + " puts it");
            }
            chromium.screenshot("map-5-" + layout);
        }
        // the grid zoomed in: a wall of the artworks themselves
        browser.findElement(By.id("map-zoom-in")).click();
        browser.findElement(By.id("map-zoom-in")).click();
        WebElement map = browser.findElement(By.id("map-view"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Integer.parseInt(map.getAttribute("data-thumbnails")) > 0);
        awaitAtlases();
        chromium.screenshot("map-6-grid-zoomed");
        assertNoErrors();
    }

    @Test
    @Order(7)
    void aSpaceWithoutLayoutsSaysSoAndACuratorLaysItOutFromThePage() throws Exception {
        DatingSpace.ensure(f);
        browser.get("about:blank");
        browser.get(f.baseUrl + "/?field=" + DatingSpace.NAME + "#/map");
        awaitRender("map", 0);
        assertTrue(browser.findElement(By.id("map-none")).getText().contains("No map layout"), "a visitor is told why there is no map");
        assertTrue(browser.findElements(By.id("compute-layouts")).isEmpty(), "and has no button to compute one");
        chromium.screenshot("map-7-no-layout");

        chromium.signIn(f.baseUrl, Fixture.CURATOR, Fixture.PASSWORD, "/?field=" + DatingSpace.NAME + "#/map");
        awaitRender("map", 0);
        int before = renders();
        browser.findElement(By.id("compute-layouts")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("layout-progress")).isDisplayed());
        chromium.screenshot("map-8-computing");
        awaitRender("map", before);
        awaitDrawn();
        long dated = f.getJson("/api/layouts?field=" + DatingSpace.NAME).path("layouts").path(0).path("count").asLong();
        assertTrue(dated > 0, "the dating space's layouts hold its artworks");
        assertEquals(String.valueOf(dated), browser.findElement(By.id("map-view")).getAttribute("data-points"));
        scrollToMap();
        chromium.screenshot("map-9-computed");
    }

    // ---------- the map on screen ----------

    /** The points of GET /api/map?format=json, in its order. */
    record ShownPoints(List<String> ids, double[] x, double[] y, int[] cluster) {
        static ShownPoints of(JsonNode body) {
            JsonNode points = body.path("points");
            int n = points.size();
            List<String> ids = new ArrayList<>(n);
            double[] x = new double[n], y = new double[n];
            int[] cluster = new int[n];
            for (int i = 0; i < n; i++) {
                JsonNode p = points.path(i);
                ids.add(p.path("id").asText());
                x[i] = p.path("x").asDouble();
                y[i] = p.path("y").asDouble();
                cluster[i] = p.path("cluster").asInt();
            }
            assertEquals(body.path("total").asInt(), n);
            return new ShownPoints(ids, x, y, cluster);
        }

        int size() {
            return ids.size();
        }
    }

    /**
     * The canvas on screen: its place in the window (client pixels) and the layout coordinates at its corners, as the
     * page writes them into data-viewport.
     */
    record Screen(double left, double top, double width, double height, double x0, double y0, double x1, double y1) {

        double[] project(double x, double y) {
            return new double[] {(x - x0) / (x1 - x0) * width, (y - y0) / (y1 - y0) * height};
        }

        int clientX(double px) {
            return (int) Math.round(left + px);
        }

        int clientY(double py) {
            return (int) Math.round(top + py);
        }

        /** The point farthest from its nearest neighbour on screen, well inside the canvas and clear of the tools. */
        int mostIsolated(ShownPoints points) {
            int best = -1;
            double bestGap = -1;
            for (int i = 0; i < points.size(); i++) {
                double[] p = project(points.x[i], points.y[i]);
                if (p[0] < 40 || p[1] < 60 || p[0] > width - 40 || p[1] > height - 40) {
                    continue;
                }
                double gap = Double.MAX_VALUE;
                for (int j = 0; j < points.size(); j++) {
                    if (j != i) {
                        double[] q = project(points.x[j], points.y[j]);
                        gap = Math.min(gap, Math.hypot(p[0] - q[0], p[1] - q[1]));
                    }
                }
                if (gap > bestGap) {
                    bestGap = gap;
                    best = i;
                }
            }
            assertTrue(best >= 0 && bestGap > 8, "an isolated point on the map (gap " + bestGap + " px)");
            return best;
        }
    }

    private static Screen screen() throws Exception {
        WebElement map = browser.findElement(By.id("map-view"));
        JsonNode viewport = f.json.readTree(map.getAttribute("data-viewport"));
        @SuppressWarnings("unchecked")
        Map<String, Object> rect = (Map<String, Object>) js(
            "const r = document.querySelector('#map-view .map-canvas').getBoundingClientRect(); return {left: r.left, top: r.top};");
        return new Screen(((Number) rect.get("left")).doubleValue(), ((Number) rect.get("top")).doubleValue(),
            viewport.path("width").asDouble(), viewport.path("height").asDouble(),
            viewport.path("x0").asDouble(), viewport.path("y0").asDouble(), viewport.path("x1").asDouble(), viewport.path("y1").asDouble());
    }

    /** The WebGL canvas's pixels (its drawing buffer is preserved), transparent where nothing is drawn. */
    private static BufferedImage canvasPixels() throws Exception {
        String url = (String) js("return document.querySelector('#map-view canvas').toDataURL('image/png')");
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
    }

    private static boolean drawnAt(BufferedImage canvas, Screen screen, double px, double py) {
        double scale = canvas.getWidth() / screen.width;
        int x = (int) Math.round(px * scale), y = (int) Math.round(py * scale);
        return x >= 0 && y >= 0 && x < canvas.getWidth() && y < canvas.getHeight() && (canvas.getRGB(x, y) >>> 24) > 128;
    }

    /** Distinct colours (4 bits a channel) in the square of half-side {@code r} CSS pixels about a point. */
    private static int distinctColours(BufferedImage canvas, Screen screen, double px, double py, int r) {
        double scale = canvas.getWidth() / screen.width;
        Set<Integer> colours = new HashSet<>();
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                int x = (int) Math.round((px + dx) * scale), y = (int) Math.round((py + dy) * scale);
                if (x >= 0 && y >= 0 && x < canvas.getWidth() && y < canvas.getHeight()) {
                    int argb = canvas.getRGB(x, y);
                    colours.add((argb >> 4 & 0xf) | (argb >> 8 & 0xf0) | (argb >> 12 & 0xf00));
                }
            }
        }
        return colours.size();
    }

    private static boolean contains(List<int[]> polygon, double x, double y) {
        boolean odd = false;
        for (int a = 0, b = polygon.size() - 1; a < polygon.size(); b = a++) {
            double xa = polygon.get(a)[0], ya = polygon.get(a)[1], xb = polygon.get(b)[0], yb = polygon.get(b)[1];
            if ((ya > y) != (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa) {
                odd = !odd;
            }
        }
        return odd;
    }

    private static double edgeDistance(List<int[]> polygon, double x, double y) {
        double best = Double.MAX_VALUE;
        for (int a = 0, b = polygon.size() - 1; a < polygon.size(); b = a++) {
            double xa = polygon.get(a)[0], ya = polygon.get(a)[1], xb = polygon.get(b)[0], yb = polygon.get(b)[1];
            double dx = xb - xa, dy = yb - ya;
            double t = Math.max(0, Math.min(1, ((x - xa) * dx + (y - ya) * dy) / (dx * dx + dy * dy)));
            best = Math.min(best, Math.hypot(x - xa - t * dx, y - ya - t * dy));
        }
        return best;
    }

    /** RFC 4180: fields separated by commas, quoted where they hold one, quotes doubled, records ended by CRLF. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        return rows;
    }

    // ---------- the browser ----------

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void moveTo(int x, int y) {
        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
        Sequence move = new Sequence(mouse, 0);
        move.addAction(mouse.createPointerMove(Duration.ofMillis(100), PointerInput.Origin.viewport(), x, y));
        browser.perform(List.of(move));
    }

    private static void click(int x, int y) {
        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
        Sequence click = new Sequence(mouse, 0);
        click.addAction(mouse.createPointerMove(Duration.ofMillis(100), PointerInput.Origin.viewport(), x, y));
        click.addAction(mouse.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        click.addAction(mouse.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        browser.perform(List.of(click));
    }

    /** Opens the map, waits for its first draw and brings the whole canvas into the window (under the sticky header). */
    private static void openMap(String hash) {
        browser.get("about:blank");
        browser.get(f.baseUrl + "/" + hash);
        awaitRender("map", 0);
        awaitDrawn();
        scrollToMap();
        // the labels arrive after the first draw; wait so that the page is still while the test looks at it
        awaitLabels();
    }

    /** The map's top just under the sticky header. */
    private static void scrollToMap() {
        js("const r = document.getElementById('map-view').getBoundingClientRect(); window.scrollBy(0, r.top - 90);");
    }

    /** The atlases and images of what is in view have arrived and been drawn. */
    private static void awaitAtlases() throws InterruptedException {
        WebElement map = browser.findElement(By.id("map-view"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> "0".equals(map.getAttribute("data-pending")));
        Thread.sleep(300);
    }

    private static void awaitDrawn() {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            String state = d.findElement(By.id("map-view")).getAttribute("data-state");
            assertFalse("error".equals(state), "the map failed: " + d.findElement(By.id("error")).getText());
            return "drawn".equals(state);
        });
        assertNoErrors();
    }

    private static void awaitLabels() {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(js(
            "return performance.getEntriesByType('resource').some(e => e.name.includes('/api/map/labels') && e.responseEnd > 0)")));
    }

    private static int renders() {
        return PageChecks.renders(browser);
    }

    private static void awaitRender(String view, int before) {
        PageChecks.awaitRender(browser, view, before);
        assertNoErrors();
    }

    private static void assertNoErrors() {
        PageChecks.assertNoErrors(browser);
    }

    // ---------- the layouts the tests draw ----------

    /** Computes the layouts through the curator's route (POST /api/layouts) unless the space has them already. */
    private static void ensureLayouts(String field, List<String> methods) throws Exception {
        Set<String> have = new HashSet<>();
        f.getJson("/api/layouts?field=" + field).path("layouts").forEach(l -> have.add(l.path("name").asText()));
        if (have.containsAll(methods)) {
            return;
        }
        var body = f.json.createObjectNode().put("field", field);
        methods.forEach(body.putArray("methods")::add);
        var started = f.curator.postJson("/api/layouts", body.toString());
        assertEquals(202, started.statusCode(), "POST /api/layouts: " + started.body());
        String job = f.json.readTree(started.body()).path("id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode state = f.curator.getJson("/api/layouts/jobs/" + URLEncoder.encode(job, StandardCharsets.UTF_8));
            if ("done".equals(state.path("state").asText())) {
                return;
            }
            assertFalse("failed".equals(state.path("state").asText()), "the layout job failed: " + state);
            Thread.sleep(500);
        }
        throw new AssertionError("the layout job did not finish in 10 minutes");
    }
}

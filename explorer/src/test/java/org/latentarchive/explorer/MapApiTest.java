package org.latentarchive.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole-collection map on the sample collection: a curator starts the layout job from the explorer (a visitor
 * may not), its progress reaches done, and then every layout holds every artwork; /api/map's binary body and its
 * JSON agree; a filter gives exactly the search page's subset; labels come in the points' order; an atlas is a JPEG
 * of the announced size showing a known artwork's thumbnail in its cell; a selection's clusters partition it; and
 * bad parameters answer 400 with a reason.
 */
class MapApiTest {

    private static final List<String> LAYOUTS = List.of("pca", "umap", "tsne", "grid");
    private static final String FIELD = "mobilenet_v2";
    private static Fixture f;
    private static ApiClient visitor;
    private static HttpResponse<String> beforeJob;
    private static HttpResponse<String> visitorStart;
    private static JsonNode ended;
    private static final List<Double> progress = new ArrayList<>();

    @BeforeAll
    static void layOut() throws Exception {
        f = Fixture.get();
        visitor = ApiClient.anonymous(f.baseUrl);
        beforeJob = visitor.get("/api/map?field=" + FIELD + "&layout=tsne&format=json");
        visitorStart = visitor.postJson("/api/layouts", "{\"field\": \"" + FIELD + "\", \"methods\": [\"pca\"]}");
        HttpResponse<String> started = f.curator.postJson("/api/layouts",
            "{\"field\": \"" + FIELD + "\", \"methods\": [\"pca\", \"umap\", \"tsne\", \"grid\"]}");
        assertEquals(202, started.statusCode(), started.body());
        String id = f.json.readTree(started.body()).path("id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonNode job;
        do {
            Thread.sleep(200);
            job = f.curator.getJson("/api/layouts/jobs/" + id);
            progress.add(job.path("progress").asDouble());
        } while (List.of("queued", "running").contains(job.path("state").asText()) && System.nanoTime() < deadline);
        ended = job;
    }

    @Test
    void onlyACuratorStartsTheLayoutJobAndItsProgressReachesDone() {
        assertTrue(visitorStart.statusCode() == 401 || visitorStart.statusCode() == 403, visitorStart.body());
        assertEquals("done", ended.path("state").asText(), ended.toString());
        assertEquals(1.0, ended.path("progress").asDouble());
        assertEquals("vectors." + FIELD, ended.path("field").asText());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back: " + progress);
        }
    }

    @Test
    void aLayoutNotYetComputedAnswers400SayingHowToComputeIt() {
        assertEquals(400, beforeJob.statusCode(), beforeJob.body());
        assertTrue(beforeJob.body().contains("has not been computed") && beforeJob.body().contains("layout"), beforeJob.body());
    }

    @Test
    void theJobStoresAllFourLayoutsForEveryArtwork() throws Exception {
        JsonNode layouts = visitor.getJson("/api/layouts?field=" + FIELD);
        assertEquals(12, layouts.path("clusters").asInt(), layouts.toString());
        List<String> names = new ArrayList<>();
        layouts.path("layouts").forEach(l -> {
            names.add(l.path("name").asText());
            assertEquals(f.artworks, l.path("count").asInt(), l.toString());
            assertFalse(l.path("computedAt").asText().isBlank());
        });
        assertEquals(LAYOUTS, names);
        for (String layout : LAYOUTS) {
            JsonNode count = f.es.send("POST", "/" + ExplorerConfig.DEFAULT_INDEX + "/_count", f.json.readTree(
                "{\"query\": {\"exists\": {\"field\": \"layout." + FIELD + "." + layout + ".x\"}}}"));
            assertEquals(f.artworks, count.path("count").asInt(), layout + " in the index");
        }
        assertEquals(267, f.artworks, "the sample collection");
    }

    @Test
    void theMapAnswersEveryArtworkAndItsBinaryBodyAgreesWithItsJson() throws Exception {
        for (String layout : LAYOUTS) {
            String query = "/api/map?field=" + FIELD + "&layout=" + layout;
            HttpResponse<byte[]> binary = bytes(query);
            assertEquals(200, binary.statusCode(), new String(binary.body(), StandardCharsets.UTF_8));
            assertEquals("application/vnd.latent-archive.map", binary.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            MapPoints points = MapPoints.decode(binary.body());
            JsonNode json = visitor.getJson(query + "&format=json");
            assertEquals(f.artworks, points.ids().size(), layout);
            assertEquals(f.artworks, json.path("total").asInt());
            assertEquals(f.artworks, new HashSet<>(points.ids()).size(), "every artwork once");
            assertEquals(points.header().path("version").asText(), json.path("version").asText());
            assertEquals(points.header().path("clusters"), json.path("clusters"));
            Set<Integer> slots = new HashSet<>();
            Set<String> cells = new HashSet<>();
            for (int i = 0; i < points.ids().size(); i++) {
                JsonNode p = json.path("points").path(i);
                assertEquals(p.path("id").asText(), points.ids().get(i), "the same order");
                assertEquals((float) p.path("x").asDouble(), points.x()[i]);
                assertEquals((float) p.path("y").asDouble(), points.y()[i]);
                assertEquals(p.path("cluster").asInt(), points.cluster()[i]);
                assertTrue(points.x()[i] >= 0 && points.x()[i] <= 1 && points.y()[i] >= 0 && points.y()[i] <= 1);
                assertTrue(points.cluster()[i] < 12);
                slots.add(points.slot()[i]);
                cells.add(points.x()[i] + "," + points.y()[i]);
            }
            assertEquals(f.artworks, slots.size(), "each artwork its own atlas slot");
            if (layout.equals("grid")) {
                assertEquals(f.artworks, cells.size(), "each artwork its own grid cell");
            }
            int sizes = 0;
            for (JsonNode c : json.path("clusters")) {
                sizes += c.path("size").asInt();
                assertFalse(c.path("label").asText().isBlank());
                assertTrue(c.path("representatives").size() >= 1 && c.path("representatives").size() <= 5);
            }
            assertEquals(f.artworks, sizes, "the clusters' sizes add up to the subset");
        }
    }

    @Test
    void aFilterReducesTheMapToExactlyTheSearchPagesSubset() throws Exception {
        JsonNode facets = visitor.getJson("/api/search?size=1").path("facets");
        String artist = facets.path("artists").path(0).path("value").asText();
        List<String> filters = List.of("artist=" + enc(artist), "yearFrom=1800&yearTo=1880", "q=" + enc("portrait"),
            "publicDomain=true&yearTo=1700");
        for (String filter : filters) {
            Set<String> expected = searchIds(filter);
            assertFalse(expected.isEmpty(), filter + " matches something");
            MapPoints points = MapPoints.decode(bytes("/api/map?field=" + FIELD + "&layout=umap&" + filter).body());
            assertEquals(expected, new HashSet<>(points.ids()), filter);
            assertEquals(expected.size(), points.header().path("total").asInt());
            assertTrue(expected.size() < f.artworks, filter + " is a real subset");
            JsonNode json = visitor.getJson("/api/map?field=" + FIELD + "&layout=umap&format=json&" + filter);
            assertEquals(expected.size(), json.path("total").asInt());
        }
    }

    @Test
    void labelsComeInTheOrderOfThePoints() throws Exception {
        String filter = "yearFrom=1800";
        MapPoints points = MapPoints.decode(bytes("/api/map?field=" + FIELD + "&layout=pca&" + filter).body());
        JsonNode labels = visitor.getJson("/api/map/labels?field=" + FIELD + "&layout=pca&" + filter);
        assertEquals(points.ids().size(), labels.path("total").asInt());
        for (int i = 0; i < points.ids().size(); i++) {
            assertEquals(points.ids().get(i), labels.path("ids").path(i).asText());
        }
        String id = points.ids().get(0);
        JsonNode artwork = visitor.getJson("/api/artworks/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        assertEquals(artwork.path("title").asText(), labels.path("titles").path(0).asText());
        assertEquals(points.ids().size(), labels.path("titles").size());
        assertEquals(points.ids().size(), labels.path("artists").size());
    }

    @Test
    void anAtlasIsAJpegOfTheAnnouncedSizeWithAKnownArtworkInItsCell() throws Exception {
        MapPoints points = MapPoints.decode(bytes("/api/map?field=" + FIELD + "&layout=tsne").body());
        JsonNode atlas = points.header().path("atlas");
        int cell = atlas.path("cell").asInt();
        int size = atlas.path("size").asInt();
        int per = atlas.path("perAtlas").asInt();
        assertEquals(per, (size / cell) * (size / cell));
        assertTrue(atlas.path("count").asInt() * per >= f.artworks);
        int known = 0;
        int n = points.slot()[known] / per;
        String url = "/api/map/atlas?field=" + FIELD + "&layout=tsne&n=" + n + "&v=" + points.header().path("version").asText();
        HttpResponse<byte[]> response = bytes(url);
        assertEquals(200, response.statusCode());
        assertEquals("image/jpeg", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.headers().firstValue("Cache-Control").orElse("").contains("max-age"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertEquals(size, image.getWidth());
        assertEquals(size, image.getHeight());
        int c = points.slot()[known] % per;
        int columns = size / cell;
        double spread = spread(image, (c % columns) * cell, (c / columns) * cell, cell);
        assertTrue(spread > 10, "the cell of " + points.ids().get(known) + " shows an image, not a blank (spread " + spread + ")");
        // a second request comes from the disk cache, byte for byte
        assertTrue(java.util.Arrays.equals(response.body(), bytes(url).body()));
        assertEquals(404, bytes("/api/map/atlas?field=" + FIELD + "&layout=tsne&n=" + n + "&v=stale").statusCode());
    }

    @Test
    void aSelectionsClustersPartitionExactlyTheSelectedArtworks() throws Exception {
        assumeTrue(f.hasClusters(), "the node's plugin has vector_clusters");
        MapPoints points = MapPoints.decode(bytes("/api/map?field=" + FIELD + "&layout=umap").body());
        List<String> selected = new ArrayList<>(points.ids().subList(10, 60));
        StringBuilder ids = new StringBuilder();
        for (String id : selected) {
            ids.append(ids.isEmpty() ? "" : ",").append(f.json.writeValueAsString(id));
        }
        HttpResponse<String> answer = visitor.postJson("/api/clusters/selection",
            "{\"field\": \"" + FIELD + "\", \"ids\": [" + ids + "], \"k\": 3, \"method\": \"kmeans\"}");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode map = f.json.readTree(answer.body());
        assertEquals(selected.size(), map.path("total").asInt());
        long sum = 0;
        for (JsonNode c : map.path("clusters")) {
            sum += c.path("docCount").asLong();
        }
        assertEquals(selected.size(), sum, "the clusters' sizes add up to the selection");
        Set<String> laidOut = new LinkedHashSet<>();
        map.path("points").forEach(p -> laidOut.add(p.path("artwork").path("id").asText()));
        assertEquals(new HashSet<>(selected), laidOut, "exactly the selected artworks");
    }

    @Test
    void badParametersAnswer400WithAReason() throws Exception {
        String base = "/api/map?field=" + FIELD;
        for (String bad : List.of(base + "&layout=spiral", base, "/api/map?field=no_such_space&layout=pca",
            base + "&layout=pca&format=xml", base + "&layout=pca&yearFrom=abc", "/api/map/labels?field=" + FIELD + "&layout=x",
            "/api/map/atlas?field=" + FIELD + "&layout=pca", "/api/map/atlas?field=" + FIELD + "&layout=pca&n=999",
            "/api/map/atlas?field=" + FIELD + "&layout=pca&n=-1", "/api/layouts?field=no_such_space")) {
            HttpResponse<String> response = visitor.get(bad);
            assertEquals(400, response.statusCode(), bad + ": " + response.body());
            assertFalse(f.json.readTree(response.body()).path("error").asText().isBlank(), bad);
        }
        for (String body : List.of("{\"ids\": []}", "{\"ids\": [\"a\"], \"k\": 1}", "{\"ids\": [\"a\"], \"method\": \"dbscan\"}",
            "{\"ids\": \"a\"}", "[1]")) {
            HttpResponse<String> response = visitor.postJson("/api/clusters/selection", body);
            assertEquals(400, response.statusCode(), body + ": " + response.body());
        }
        for (String body : List.of("{\"methods\": [\"spiral\"]}", "{\"methods\": []}", "{\"field\": \"no_such_space\"}", "[]")) {
            HttpResponse<String> response = f.curator.postJson("/api/layouts", body);
            assertEquals(400, response.statusCode(), body + ": " + response.body());
        }
    }

    private static Set<String> searchIds(String filter) throws Exception {
        Set<String> ids = new HashSet<>();
        int from = 0;
        long total;
        do {
            JsonNode page = visitor.getJson("/api/search?size=200&from=" + from + "&" + filter);
            total = page.path("total").asLong();
            page.path("hits").forEach(h -> ids.add(h.path("id").asText()));
            from += 200;
        } while (from < total);
        return ids;
    }

    private static double spread(BufferedImage image, int x0, int y0, int cell) {
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int y = y0; y < y0 + cell; y++) {
            for (int x = x0; x < x0 + cell; x++) {
                int rgb = image.getRGB(x, y);
                double v = ((rgb >> 16) & 0xff) * 0.3 + ((rgb >> 8) & 0xff) * 0.59 + (rgb & 0xff) * 0.11;
                sum += v;
                sq += v * v;
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sq / n - mean * mean));
    }

    private static HttpResponse<byte[]> bytes(String path) throws Exception {
        return f.http.send(HttpRequest.newBuilder(URI.create(f.baseUrl + path)).timeout(Duration.ofSeconds(120)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

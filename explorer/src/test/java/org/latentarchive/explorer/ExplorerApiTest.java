package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The JSON API against a real Elasticsearch node holding the real AIC paintings. */
class ExplorerApiTest {

    private static Fixture f;

    @BeforeAll
    static void start() throws Exception {
        f = Fixture.get();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void searchWithoutTextListsTheWholeCollection() throws Exception {
        JsonNode page = f.getJson("/api/search?size=10");
        assertEquals(f.artworks, page.path("total").asInt());
        assertEquals(10, page.path("hits").size());
        assertTrue(page.path("facets").path("artists").size() > 10, page.toString());
    }

    @Test
    void searchByTextFindsTheTitle() throws Exception {
        JsonNode page = f.getJson("/api/search?q=" + enc("Annunciation Shepherds"));
        assertTrue(page.path("total").asInt() >= 1, page.toString());
        assertEquals("109220", page.path("hits").path(0).path("id").asText());
        assertTrue(page.path("hits").path(0).path("thumbnail").asText().startsWith("/images/109220"));
    }

    @Test
    void artistFilterKeepsOnlyThatArtistsWorks() throws Exception {
        JsonNode all = f.getJson("/api/search?size=1");
        JsonNode top = all.path("facets").path("artists").path(0);
        String artist = top.path("value").asText();
        JsonNode page = f.getJson("/api/search?size=100&artist=" + enc(artist));
        assertEquals(top.path("count").asInt(), page.path("total").asInt());
        assertTrue(page.path("total").asInt() >= 2);
        for (JsonNode hit : page.path("hits")) {
            assertTrue(hit.path("artists").toString().contains(artist), hit.toString());
        }
    }

    @Test
    void datingRangeMatchesWorksWhoseDatingOverlapsIt() throws Exception {
        JsonNode page = f.getJson("/api/search?size=200&yearFrom=1600&yearTo=1650");
        int total = page.path("total").asInt();
        assertTrue(total > 0 && total < f.artworks, "some but not all works are of 1600-1650: " + total);
        for (JsonNode hit : page.path("hits")) {
            JsonNode dating = f.getJson("/api/artworks/" + enc(hit.path("id").asText())).path("dating");
            assertTrue(dating.path("startYear").asInt() <= 1650 && dating.path("endYear").asInt() >= 1600, dating.toString());
        }
    }

    @Test
    void techniqueAndPublicDomainFiltersNarrowTheGrid() throws Exception {
        JsonNode oil = f.getJson("/api/search?size=1&technique=" + enc("Oil on canvas"));
        assertTrue(oil.path("total").asInt() > 10 && oil.path("total").asInt() < f.artworks, oil.path("total").toString());
        JsonNode pd = f.getJson("/api/search?size=1&publicDomain=true");
        assertEquals(f.artworks, pd.path("total").asInt(), "every AIC painting here is public domain");
        assertEquals(0, f.getJson("/api/search?size=1&publicDomain=false").path("total").asInt());
    }

    @Test
    void artworkShowsItsMetadataAndItsDescriptionAsPlainText() throws Exception {
        JsonNode page = f.getJson("/api/search?size=5&q=" + enc("Degas"));
        String id = page.path("hits").path(0).path("id").asText();
        JsonNode artwork = f.getJson("/api/artworks/" + enc(id));
        assertEquals(id, artwork.path("id").asText());
        assertTrue(artwork.path("artists").toString().contains("Degas"), artwork.toString());
        assertTrue(artwork.path("landingPage").asText().startsWith("https://www.artic.edu/"));
        String description = artwork.path("description").asText();
        assertFalse(description.isBlank(), "the source's description is kept");
        assertFalse(description.contains("<p>"), "the source's HTML is reduced to text: " + description);
        assertFalse(artwork.has("vectors"));
    }

    @Test
    void unknownArtworkAnswers404WithAReason() throws Exception {
        HttpResponse<String> response = f.get("/api/artworks/NO-SUCH-WORK");
        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("\"error\":\"no artwork with id NO-SUCH-WORK\""), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        if (f.hasNeighbours()) {
            HttpResponse<String> neighbours = f.get("/api/artworks/NO-SUCH-WORK/neighbours");
            assertEquals(404, neighbours.statusCode(), neighbours.body());
            assertTrue(neighbours.body().contains("no artwork with id NO-SUCH-WORK"), neighbours.body());
            assertEquals(404, f.get("/api/walk?from=NO-SUCH-WORK&to=109220").statusCode());
        }
    }

    @Test
    void badParametersAnswer400WithAJsonReason() throws Exception {
        String id = f.anyId();
        List<String[]> cases = List.of(
            new String[] {"/api/search?size=abc", "size must be a whole number"},
            new String[] {"/api/search?size=5000", "size must be between 1 and 200"},
            new String[] {"/api/search?yearFrom=1900&yearTo=1800", "yearFrom (1900) is after yearTo (1800)"},
            new String[] {"/api/search?publicDomain=maybe", "publicDomain must be true or false"},
            new String[] {"/api/artworks/" + id + "/neighbours?direction=sideways", "direction must be one of farthest, nearest"},
            new String[] {"/api/walk?from=" + id, "to is required"},
            new String[] {"/api/walk?from=" + id + "&to=" + id, "two different artworks"},
            new String[] {"/api/walk?from=a&to=b&steps=0", "steps must be between 1 and 100"},
            new String[] {"/api/clusters?k=1", "k must be between 2 and 50"},
            new String[] {"/api/clusters?algorithm=dbscan", "algorithm must be one of kmeans, ward"},
            new String[] {"/api/artworks/" + enc("<script>"), "is not an artwork id"});
        for (String[] c : cases) {
            HttpResponse<String> response = f.get(c[0]);
            assertEquals(400, response.statusCode(), c[0] + " -> " + response.body());
            JsonNode body = f.json.readTree(response.body());
            assertEquals(400, body.path("status").asInt());
            assertTrue(body.path("error").asText().contains(c[1]), c[0] + " -> " + response.body());
        }
    }

    @Test
    void everyAnswerCarriesAContentSecurityPolicy() throws Exception {
        for (String path : List.of("/", "/app.js", "/api/status", "/api/artworks/nope", "/openapi.json")) {
            HttpResponse<String> response = f.get(path);
            String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), path + ": " + csp);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), path);
        }
    }

    @Test
    void imagesComeOnlyForIndexedArtworks() throws Exception {
        HttpResponse<byte[]> thumb = f.getBytes("/images/109220?size=thumb");
        assertEquals(200, thumb.statusCode());
        assertEquals("image/jpeg", thumb.headers().firstValue("Content-Type").orElse(""));
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumb.body()));
        assertEquals(360, Math.max(image.getWidth(), image.getHeight()), "thumbnails are scaled to 360 px");
        HttpResponse<byte[]> full = f.getBytes("/images/109220");
        assertEquals(200, full.statusCode());
        assertTrue(full.body().length > thumb.body().length);

        assertEquals(404, f.getBytes("/images/NO-SUCH-WORK").statusCode());
        int traversal = f.getBytes("/images/" + enc("../../../etc/passwd")).statusCode();
        assertTrue(traversal == 400 || traversal == 404, "a path is never served: " + traversal);
        assertEquals(400, f.getBytes("/images/109220?size=huge").statusCode());
    }

    @Test
    void openApiDocumentsEveryRoute() throws Exception {
        JsonNode doc = f.getJson("/openapi.json");
        assertTrue(doc.path("openapi").asText().startsWith("3."));
        for (String path : List.of("/api/status", "/api/search", "/api/artworks/{id}", "/api/artworks/{id}/neighbours",
            "/api/walk", "/api/clusters", "/images/{id}")) {
            assertTrue(doc.path("paths").has(path), "documented: " + path);
        }
    }

    @Test
    void statusCountsTheIndexedArtworks() throws Exception {
        JsonNode status = f.getJson("/api/status");
        assertEquals(f.artworks, status.path("artworks").asInt());
        assertTrue(status.path("elasticsearch").asText().startsWith("9.5"), status.toString());
    }

    // ---- the plugin's DSL: neighbours, walks, clusters ----

    @Test
    void nearestNeighboursAreMoreSimilarThanFarthestAndExcludeTheArtwork() throws Exception {
        assumeTrue(f.hasNeighbours(), "the plugin's vector_neighbours query is not in this build yet");
        String id = "109220";
        JsonNode nearest = f.getJson("/api/artworks/" + id + "/neighbours?direction=nearest&size=10").path("neighbours");
        JsonNode farthest = f.getJson("/api/artworks/" + id + "/neighbours?direction=farthest&size=10").path("neighbours");
        assertEquals(10, nearest.size());
        assertEquals(10, farthest.size());
        List<String> ids = new ArrayList<>();
        nearest.forEach(n -> ids.add(n.path("artwork").path("id").asText()));
        farthest.forEach(n -> ids.add(n.path("artwork").path("id").asText()));
        assertFalse(ids.contains(id), "an artwork is not its own neighbour");
        var artworks = new org.latentarchive.explorer.artwork.ArtworkService(f.es, ExplorerConfig.DEFAULT_INDEX);
        String field = "vectors." + ExplorerConfig.DEFAULT_MODEL;
        var vectors = artworks.vectors(ids.subList(0, 20).stream().distinct().toList(), field);
        float[] self = artworks.vectors(List.of(id), field).get(id);
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode n : nearest) {
            double c = cosine(self, vectors.get(n.path("artwork").path("id").asText()));
            assertTrue(c <= previous + 1e-6, "nearest come most similar first");
            previous = c;
        }
        double nearestFirst = cosine(self, vectors.get(nearest.path(0).path("artwork").path("id").asText()));
        double farthestFirst = cosine(self, vectors.get(farthest.path(0).path("artwork").path("id").asText()));
        assertTrue(farthestFirst < nearestFirst, farthestFirst + " < " + nearestFirst);
    }

    @Test
    void neighboursHonourTheActiveFilters() throws Exception {
        assumeTrue(f.hasNeighbours(), "the plugin's vector_neighbours query is not in this build yet");
        JsonNode result = f.getJson("/api/artworks/109220/neighbours?direction=nearest&size=20&yearFrom=1800&yearTo=1899");
        assertTrue(result.path("neighbours").size() > 0);
        for (JsonNode n : result.path("neighbours")) {
            JsonNode dating = f.getJson("/api/artworks/" + enc(n.path("artwork").path("id").asText())).path("dating");
            assertTrue(dating.path("startYear").asInt() <= 1899 && dating.path("endYear").asInt() >= 1800, dating.toString());
        }
    }

    @Test
    void walkGoesFromAToBThroughDistinctArtworks() throws Exception {
        assumeTrue(f.hasNeighbours() && f.hasWalk(), "the plugin's DSL is not in this build yet");
        String from = "109220";
        String to = f.getJson("/api/artworks/" + from + "/neighbours?direction=farthest&size=1")
            .path("neighbours").path(0).path("artwork").path("id").asText();
        JsonNode walk = f.getJson("/api/walk?from=" + from + "&to=" + enc(to) + "&steps=7");
        JsonNode path = walk.path("path");
        assertEquals(9, path.size(), walk.toString());
        assertEquals(from, path.path(0).path("artwork").path("id").asText());
        assertEquals(to, path.path(8).path("artwork").path("id").asText());
        Set<String> seen = new HashSet<>();
        Set<String> places = new HashSet<>();
        for (JsonNode step : path) {
            assertTrue(seen.add(step.path("artwork").path("id").asText()), "no artwork twice on a path");
            places.add(Math.round(step.path("x").asDouble() * 1000) + "," + Math.round(step.path("y").asDouble() * 1000));
        }
        assertTrue(places.size() > 5, "the path is laid out in 2-D, not collapsed: " + places);
        JsonNode random = f.getJson("/api/walk?from=" + from + "&to=" + enc(to) + "&steps=7&pick=random_top_k&k=5&seed=3&projection=umap");
        assertEquals(9, random.path("path").size());
    }

    @Test
    void clustersSplitTheFilteredSubsetWithRepresentativesFacetsAndALayout() throws Exception {
        assumeTrue(f.hasClusters(), "the plugin's vector_clusters aggregation is not in this build yet");
        JsonNode map = f.getJson("/api/clusters?k=6&points=200&perRow=10");
        assertEquals(6, map.path("clusters").size(), map.toString());
        long sum = 0;
        for (JsonNode c : map.path("clusters")) {
            sum += c.path("docCount").asLong();
            assertTrue(c.path("representatives").size() > 0, c.toString());
            assertTrue(c.path("topArtists").size() > 0, c.toString());
            assertTrue(c.path("periods").size() > 0, c.toString());
        }
        assertEquals(f.artworks, sum, "every artwork falls in one cluster");
        assertEquals(200, map.path("points").size());
        Set<String> pointIds = new HashSet<>();
        map.path("points").forEach(p -> pointIds.add(p.path("artwork").path("id").asText()));
        Set<String> gridIds = new HashSet<>();
        map.path("gridOrder").forEach(id -> gridIds.add(id.asText()));
        assertEquals(pointIds, gridIds, "the grid holds exactly the laid-out artworks");
        assertNotEquals(-1, map.path("points").path(0).path("cluster").asInt());

        JsonNode ward = f.getJson("/api/clusters?k=5&algorithm=ward&yearFrom=1800&points=50&projection=umap");
        assertEquals(4, ward.path("dendrogram").size(), "k - 1 merges join 5 clusters");
        assertTrue(ward.path("total").asInt() < f.artworks);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}

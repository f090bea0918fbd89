package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Search by an image of one's own (POST /api/search/image) and refinement by marked artworks (GET /api/similar),
 * against the real node holding the 267 sample paintings, embedded by the real model.
 */
class ImageSearchApiTest {

    /** 5% of the width and the height cut off each side: another framing of the same photograph. */
    private static final double CROP = 0.05;

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Fixture f;

    @BeforeAll
    static void start() throws Exception {
        f = Fixture.get();
    }

    static HttpResponse<String> post(String baseUrl, String pathAndQuery, byte[] body, String type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(120))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode postJson(String baseUrl, String pathAndQuery, byte[] body, String type) throws Exception {
        HttpResponse<String> response = post(baseUrl, pathAndQuery, body, type);
        assertEquals(200, response.statusCode(), pathAndQuery + ": " + response.body());
        return f.json.readTree(response.body());
    }

    /** How many cropped paintings find themselves first in {@code field}; the misses, as "id->found", are printed. */
    private static List<String> cropMisses(String baseUrl, String field) throws Exception {
        List<String> misses = new ArrayList<>();
        List<String> ids = QueryImagesForTests.ids();
        for (String id : ids) {
            JsonNode hits = postJson(baseUrl, "/api/search/image?size=1&field=" + field, QueryImagesForTests.croppedJpeg(id, CROP), "image/jpeg")
                .path("hits");
            String first = hits.path(0).path("id").asText();
            if (first.equals(id) == false) {
                misses.add(id + "->" + first);
            }
        }
        System.out.println("cropped by 5% each side, in " + field + ": " + (ids.size() - misses.size()) + " of " + ids.size()
            + " paintings found themselves first; misses " + misses);
        assertEquals(f.artworks, ids.size());
        return misses;
    }

    /**
     * 266 of the 267: painting 263514 cropped by 5% finds 192691 first, as it does at 4% when the indexer's own test
     * embeds the crop in-process (IndexJobIT): the model's limit on that pair, not the upload path's.
     */
    @Test
    void everyPaintingCroppedByFivePercentFindsItselfFirstButOne() throws Exception {
        List<String> misses = cropMisses(f.baseUrl, "mobilenet_v2");
        assertTrue(java.util.Set.of("263514->192691").containsAll(misses),
            misses.size() + " cropped paintings found another painting first: " + misses);
    }

    @Test
    void croppedPaintingsFindThemselvesThroughATunedSpace() throws Exception {
        TrainingExplorer t = TrainingExplorer.get();
        HttpResponse<String> started = t.postJson("/api/training", """
            {"field": "mobilenet_v2", "curator": "%s", "epochs": 40, "learningRate": 0.003, "seed": 2}""".formatted(TrainingExplorer.CURATOR));
        assertEquals(202, started.statusCode(), started.body());
        JsonNode trained = t.awaitEnd(f.json.readTree(started.body()).path("id").asText(), Duration.ofMinutes(5));
        assertEquals("done", trained.path("state").asText(), trained.toString());
        String model = trained.path("model").asText();
        HttpResponse<String> applied = t.postJson("/api/models/" + model + "/apply", "");
        assertEquals(200, applied.statusCode(), applied.body());

        // the tuned space answers with the model applied to the query vector, so its hits differ from the raw space's
        String id = QueryImagesForTests.ids().get(0);
        byte[] crop = QueryImagesForTests.croppedJpeg(id, CROP);
        JsonNode tunedFar = postJson(t.baseUrl, "/api/search/image?size=5&direction=farthest&field=" + model, crop, "image/jpeg");
        assertEquals("vectors." + model, tunedFar.path("field").asText());
        assertEquals(5, tunedFar.path("hits").size());

        List<String> misses = cropMisses(t.baseUrl, model);
        // the network reshapes the space by 400 synthetic judgements (period groups, not looks): measured, 263 of 267
        // find themselves (263514, 14574, 14598 and 210893 find another painting first)
        assertTrue(misses.size() <= 5, misses.size() + " cropped paintings found another painting first in " + model + ": " + misses);
    }

    @Test
    void multipartUploadAnswersAsTheRawBody() throws Exception {
        String id = QueryImagesForTests.ids().get(10);
        byte[] jpeg = QueryImagesForTests.croppedJpeg(id, CROP);
        String boundary = "----latent" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.jpg\"\r\n"
            + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(jpeg);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        JsonNode multipart = postJson(f.baseUrl, "/api/search/image?size=8", body.toByteArray(), "multipart/form-data; boundary=" + boundary);
        JsonNode raw = postJson(f.baseUrl, "/api/search/image?size=8", jpeg, "image/jpeg");
        assertEquals(raw.path("hits"), multipart.path("hits"));
        assertEquals(id, raw.path("hits").path(0).path("id").asText());
        assertTrue(raw.path("hits").path(0).path("title").asText().length() > 0, raw.toString());
        assertTrue(raw.path("hits").path(0).path("thumbnail").asText().startsWith("/images/" + id));
    }

    @Test
    void farthestAndFiltersApplyToImageQueries() throws Exception {
        String id = QueryImagesForTests.ids().get(20);
        byte[] jpeg = QueryImagesForTests.croppedJpeg(id, CROP);
        Map<String, float[]> vectors = QueryImagesForTests.vectors(f, "vectors.mobilenet_v2");
        JsonNode far = postJson(f.baseUrl, "/api/search/image?size=5&direction=farthest", jpeg, "image/jpeg");
        assertEquals("farthest", far.path("direction").asText());
        String farthest = far.path("hits").path(0).path("id").asText();
        double worst = org.latentarchive.vectors.VectorMath.cosine(vectors.get(id), vectors.get(farthest));
        for (float[] v : vectors.values()) {
            assertTrue(org.latentarchive.vectors.VectorMath.cosine(vectors.get(id), v) >= worst - 0.05,
                "the farthest hit is among the least similar to the painting");
        }
        JsonNode filtered = postJson(f.baseUrl, "/api/search/image?size=50&publicDomain=false", jpeg, "image/jpeg");
        JsonNode all = postJson(f.baseUrl, "/api/search/image?size=50", jpeg, "image/jpeg");
        for (JsonNode hit : filtered.path("hits")) {
            assertFalse(hit.path("publicDomain").asBoolean(), hit.toString());
        }
        assertFalse(all.path("hits").equals(filtered.path("hits")));
    }

    @Test
    void refiningWithMarksFollowsTheBruteForceRocchioQuery() throws Exception {
        Map<String, float[]> vectors = QueryImagesForTests.vectors(f, "vectors.mobilenet_v2");
        List<String> ids = QueryImagesForTests.ids();
        List<String> like = List.of(ids.get(3), ids.get(40));
        List<String> unlike = List.of(ids.get(100));
        JsonNode marks = f.getJson("/api/similar?size=10&like=" + String.join(",", like) + "&unlike=" + unlike.get(0));
        assertEquals(QueryImagesForTests.bruteForce(vectors, List.of(), like, unlike, 10), hitIds(marks));
        assertEquals(like, f.json.convertValue(marks.path("like"), List.class));

        // an image query refined with marks: the image's vector is one more like
        byte[] jpeg = QueryImagesForTests.croppedJpeg(ids.get(7), CROP);
        JsonNode plain = postJson(f.baseUrl, "/api/search/image?size=10", jpeg, "image/jpeg");
        float[] imageVector = vectorOfUpload(jpeg);
        assertEquals(QueryImagesForTests.bruteForce(vectors, List.of(imageVector), List.of(), List.of(), 10), hitIds(plain));
        JsonNode refined = postJson(f.baseUrl, "/api/search/image?size=10&like=" + like.get(0) + "&unlike=" + unlike.get(0), jpeg, "image/jpeg");
        List<String> expected = QueryImagesForTests.bruteForce(vectors, List.of(imageVector), List.of(like.get(0)), unlike, 10);
        assertEquals(expected, hitIds(refined));
        assertFalse(hitIds(plain).equals(hitIds(refined)));
    }

    /** The raw vector the explorer computes for an upload, through the same module it uses. */
    private static float[] vectorOfUpload(byte[] jpeg) throws Exception {
        try (var images = new org.latentarchive.explorer.imagesearch.QueryImages(org.latentarchive.embed.model.NsfwjsModel.defaultCacheDir(),
            org.latentarchive.explorer.imagesearch.QueryImages.Limits.DEFAULT)) {
            return images.embed(jpeg);
        }
    }

    private static List<String> hitIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("hits").forEach(h -> ids.add(h.path("id").asText()));
        return ids;
    }

    @Test
    void badUploadsAnswer4xxWithAReason() throws Exception {
        assertRefused(400, "not a readable image", "a plain text file, not an image\n".getBytes(StandardCharsets.UTF_8), "text/plain");
        byte[] jpeg = Files.readAllBytes(QueryImagesForTests.image(QueryImagesForTests.ids().get(0)));
        assertRefused(400, "the JPEG is truncated", Arrays.copyOf(jpeg, jpeg.length / 2), "image/jpeg");
        assertRefused(413, "20000 x 20000 pixels", QueryImagesForTests.pngDeclaring(20_000, 20_000), "image/png");
        assertRefused(400, "the request body is empty", new byte[0], "image/jpeg");
        assertRefused(400, "the request body is empty", new byte[0], null);
        assertRefused(413, "at most 20971520 are accepted", new byte[20 * 1024 * 1024 + 1], "image/jpeg");
        // a space no image model embeds into
        HttpResponse<String> unknown = post(f.baseUrl, "/api/search/image?field=nope", jpeg, "image/jpeg");
        assertEquals(400, unknown.statusCode(), unknown.body());
        HttpResponse<String> noLike = f.get("/api/similar");
        assertEquals(400, noLike.statusCode(), noLike.body());
        assertTrue(noLike.body().contains("like"), noLike.body());
        HttpResponse<String> ghost = f.get("/api/similar?like=no-such-artwork");
        assertEquals(400, ghost.statusCode(), ghost.body());
        assertTrue(ghost.body().contains("no-such-artwork"), ghost.body());
    }

    @Test
    void aWalkStartsAtAnUploadedImage() throws Exception {
        List<String> ids = QueryImagesForTests.ids();
        String to = ids.get(200);
        JsonNode walk = postJson(f.baseUrl, "/api/walk/image?steps=5&to=" + to, QueryImagesForTests.croppedJpeg(ids.get(50), CROP), "image/jpeg");
        JsonNode path = walk.path("path");
        assertEquals(7, path.size(), walk.toString());
        assertEquals("", path.path(0).path("artwork").path("id").asText());
        assertEquals("Your image", path.path(0).path("artwork").path("title").asText());
        assertEquals(to, path.path(6).path("artwork").path("id").asText());
        // its first stop is the painting the photo shows: the nearest artwork to the image's own vector
        assertEquals(ids.get(50), path.path(1).path("artwork").path("id").asText());
        assertEquals(404, post(f.baseUrl, "/api/walk/image?to=no-such-artwork", new byte[] { 1 }, "image/jpeg").statusCode());
        assertEquals(400, post(f.baseUrl, "/api/walk/image?to=" + to, new byte[0], "image/jpeg").statusCode());
    }

    @Test
    void theNewRoutesAreDocumented() throws Exception {
        JsonNode paths = f.getJson("/openapi.json").path("paths");
        JsonNode image = paths.path("/api/search/image").path("post");
        assertTrue(image.path("requestBody").path("content").has("multipart/form-data"), image.toString());
        assertTrue(image.path("responses").has("413"), image.toString());
        assertTrue(paths.path("/api/similar").has("get"));
        assertTrue(paths.path("/api/walk/image").has("post"));
    }

    private static void assertRefused(int status, String reason, byte[] body, String type) throws Exception {
        HttpResponse<String> response = post(f.baseUrl, "/api/search/image", body, type);
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = f.json.readTree(response.body());
        assertTrue(error.path("error").asText().contains(reason), response.body());
    }
}

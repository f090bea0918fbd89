package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.latentarchive.explorer.es.ElasticsearchClient;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

/**
 * Fills the shared `artworks` index with ../shared/collections/aic-paintings (267 real paintings and their
 * metadata) while the indexer's in-process API is not available to this module. Each painting's vector is a
 * colour layout of its real image (RGB histograms of the whole picture and its quadrants), so neighbours are
 * visually meaningful and checkable: the nearest works of a dark painting are dark.
 */
final class TestCollection {

    static final String MODEL = "colour_layout";
    static final int BINS = 4;
    static final int DIMS = BINS * BINS * BINS * 5;

    private TestCollection() {
    }

    static Path dir() {
        return Path.of(System.getProperty("explorer.collection", "../../shared/collections/aic-paintings")).toAbsolutePath().normalize();
    }

    static int index(ElasticsearchClient es, String url, String index) throws IOException, InterruptedException {
        ObjectMapper json = es.json();
        es.send("PUT", "/" + index, mapping(json));
        JsonNode records = json.readTree(dir().resolve("metadata.json").toFile());
        StringBuilder bulk = new StringBuilder();
        int count = 0;
        for (JsonNode r : records) {
            String id = r.path("id").asText();
            Path image = dir().resolve(r.path("file").asText());
            float[] vector = colourLayout(image);
            if (vector == null) {
                continue;
            }
            ObjectNode doc = json.createObjectNode();
            doc.put("object_number", id);
            doc.put("title", r.path("title").asText());
            String artist = r.path("artist_display").asText().split("\n")[0].replaceAll("\\s*\\(.*$", "").trim();
            doc.put("artist", artist);
            ObjectNode dating = doc.putObject("dating");
            dating.put("period", r.path("date_display").asText());
            Matcher years = Pattern.compile("\\d{4}").matcher(r.path("date_display").asText());
            Integer start = null;
            Integer end = null;
            while (years.find()) {
                int y = Integer.parseInt(years.group());
                start = start == null ? y : start;
                end = y;
            }
            if (start != null) {
                dating.put("start_year", start).put("end_year", end);
            }
            if (!r.path("medium_display").asText().isBlank()) {
                doc.putArray("techniques").add(r.path("medium_display").asText());
            }
            doc.put("collection", r.path("collection_id").asText());
            doc.put("public_domain", r.path("is_public_domain").asBoolean());
            doc.put("rights", r.path("license").asText());
            doc.put("description", r.path("description").asText());
            doc.put("image_url", r.path("iiif_image_url").asText());
            doc.put("landing_page", r.path("landing_page").asText());
            doc.put("source", "local:aic-paintings");
            ObjectNode img = doc.putObject("image");
            img.put("sha256", r.path("sha256").asText()).put("width", r.path("width").asInt()).put("height", r.path("height").asInt())
                .put("local_path", r.path("file").asText());
            ArrayNode v = doc.putObject("vectors").putArray(MODEL);
            for (float f : vector) {
                v.add(f);
            }
            bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":").append(json.writeValueAsString(id)).append("}}\n");
            bulk.append(json.writeValueAsString(doc)).append('\n');
            count++;
        }
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/_bulk?refresh=true"))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bulk.toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().contains("\"errors\":true")) {
                throw new IOException("bulk failed: " + response.body().substring(0, Math.min(2000, response.body().length())));
            }
        }
        return count;
    }

    private static ObjectNode mapping(ObjectMapper json) throws IOException {
        String text = """
            {"settings": {"number_of_shards": 2, "number_of_replicas": 0},
             "mappings": {"properties": {
               "object_number": {"type": "keyword"},
               "title": {"type": "text", "fields": {"keyword": {"type": "keyword"}}},
               "artist": {"type": "text", "fields": {"keyword": {"type": "keyword"}}},
               "nationality": {"type": "keyword"},
               "dating": {"properties": {"start_year": {"type": "integer"}, "end_year": {"type": "integer"},
                          "period": {"type": "text", "fields": {"keyword": {"type": "keyword"}}}}},
               "techniques": {"type": "keyword"}, "materials": {"type": "keyword"}, "object_names": {"type": "keyword"},
               "colors": {"type": "keyword"}, "collection": {"type": "keyword"}, "public_domain": {"type": "boolean"},
               "rights": {"type": "keyword"}, "description": {"type": "text"},
               "image_url": {"type": "keyword", "index": false}, "thumbnail_url": {"type": "keyword", "index": false},
               "landing_page": {"type": "keyword"}, "source": {"type": "keyword"},
               "image": {"properties": {"sha256": {"type": "keyword"}, "width": {"type": "integer"}, "height": {"type": "integer"},
                         "local_path": {"type": "keyword", "index": false}}},
               "vectors": {"properties": {"%s": {"type": "dense_vector", "dims": %d, "similarity": "cosine", "index": true}}}
             }}}
            """.formatted(MODEL, DIMS);
        return (ObjectNode) json.readTree(text);
    }

    /** RGB histograms (4 bins per channel) of the whole image and of its four quadrants, square-rooted. */
    static float[] colourLayout(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            return null;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        float[] v = new float[DIMS];
        int cells = BINS * BINS * BINS;
        int step = Math.max(1, Math.min(w, h) / 128);
        for (int y = 0; y < h; y += step) {
            for (int x = 0; x < w; x += step) {
                int rgb = image.getRGB(x, y);
                int bin = (((rgb >> 16) & 0xff) * BINS / 256) * BINS * BINS + (((rgb >> 8) & 0xff) * BINS / 256) * BINS
                    + ((rgb & 0xff) * BINS / 256);
                int quadrant = 1 + (y * 2 / h) * 2 + (x * 2 / w);
                v[bin] += 1;
                v[quadrant * cells + bin] += 1;
            }
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.sqrt(v[i]);
        }
        return v;
    }
}

package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A second vector space whose geometry is known in advance, written next to the model's: {@code vectors.dating_test}
 * holds for each dated artwork the unit vector at an angle that grows with its start year. Cosine similarity then
 * falls strictly with the distance in years, so the nearest artwork in this space is the closest in time and the
 * farthest the most distant: what the explorer answers in it can be checked against the metadata alone.
 */
final class DatingSpace {

    static final String NAME = "dating_test";
    static final int FIRST_YEAR = 1100;
    static final int LAST_YEAR = 2100;

    private static Map<String, Integer> years;

    private DatingSpace() {
    }

    /** Writes the space once per test run; returns each dated artwork's start year by id. */
    static synchronized Map<String, Integer> ensure(Fixture f) throws Exception {
        if (years != null) {
            return years;
        }
        ObjectNode mapping = f.json.createObjectNode();
        mapping.putObject("properties").putObject("vectors").putObject("properties").putObject(NAME)
            .put("type", "dense_vector").put("dims", 2).put("index", true).put("similarity", "cosine");
        f.es.send("PUT", "/" + ExplorerConfig.DEFAULT_INDEX + "/_mapping", mapping);

        ObjectNode query = f.json.createObjectNode().put("size", 1000);
        query.putArray("_source").add("dating.start_year");
        Map<String, Integer> found = new LinkedHashMap<>();
        StringBuilder bulk = new StringBuilder();
        for (JsonNode hit : f.es.search(ExplorerConfig.DEFAULT_INDEX, query).path("hits").path("hits")) {
            JsonNode year = hit.path("_source").path("dating").path("start_year");
            if (!year.canConvertToInt()) {
                continue;
            }
            String id = hit.path("_id").asText();
            found.put(id, year.asInt());
            double angle = angle(year.asInt());
            ObjectNode action = f.json.createObjectNode();
            action.putObject("update").put("_index", ExplorerConfig.DEFAULT_INDEX).put("_id", id);
            ObjectNode doc = f.json.createObjectNode();
            doc.putObject("doc").putObject("vectors").putArray(NAME).add(Math.cos(angle)).add(Math.sin(angle));
            bulk.append(action).append('\n').append(doc).append('\n');
        }
        HttpResponse<String> response = f.http.send(HttpRequest.newBuilder(URI.create(f.node.url() + "/_bulk?refresh=true"))
            .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(bulk.toString(), StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || f.json.readTree(response.body()).path("errors").asBoolean()) {
            throw new IllegalStateException("writing " + NAME + " failed: " + response.body());
        }
        // written behind the explorer's back: a request naming the new space makes its list of spaces read the
        // mapping again at once (a name it does not hold does), so the next page's header lists it too
        f.getJson("/api/artworks/" + found.keySet().iterator().next() + "/neighbours?field=" + NAME);
        years = Collections.unmodifiableMap(found);
        return years;
    }

    /** A quarter turn over a millennium: angles stay within 90 degrees, where cosine falls with the angle. */
    static double angle(int year) {
        return (Math.max(FIRST_YEAR, Math.min(LAST_YEAR, year)) - FIRST_YEAR) * (Math.PI / 2) / (LAST_YEAR - FIRST_YEAR);
    }
}

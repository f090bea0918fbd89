package org.latentarchive.explorer.walk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.latentarchive.explorer.artwork.ArtworkDocuments;
import org.latentarchive.explorer.artwork.ArtworkSummary;
import org.latentarchive.explorer.artwork.ArtworkService;
import org.latentarchive.explorer.es.ElasticsearchClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks through the latent space with the plugin's {@code _latent_walk} endpoint (it picks each step where all
 * shards' results meet, so the path is right on a cluster too), then lays the path out in 2-D as the prototype's
 * walk plots did: a projection fitted on the path's own vectors.
 */
public final class WalkService {

    private final ElasticsearchClient es;
    private final ArtworkService artworks;
    private final String index;

    public WalkService(ElasticsearchClient es, ArtworkService artworks, String index) {
        this.es = es;
        this.artworks = artworks;
        this.index = index;
    }

    public Walk walk(WalkRequest request) {
        ObjectNode body = es.object();
        body.put("field", request.field());
        if (request.fromVector() != null) {
            ArrayNode vector = body.putObject("from").putArray("vector");
            for (float x : request.fromVector()) {
                vector.add(x);
            }
        } else {
            body.putObject("from").put("id", request.from());
        }
        body.putObject("to").put("id", request.to());
        body.put("steps", request.steps())
            .put("interpolation", request.interpolation())
            .put("pick", request.pick())
            .put("k", request.k())
            .put("seed", request.seed());
        if (!request.filter().isEmpty()) {
            body.set("filter", request.filter().wrap(es.json(), null));
        }
        ArrayNode source = body.putArray("_source");
        ArtworkDocuments.SUMMARY_FIELDS.forEach(source::add);
        JsonNode answer = es.send("POST", "/" + index + "/_latent_walk", body);

        List<JsonNode> path = new ArrayList<>();
        answer.path("path").forEach(path::add);
        // a walk from an image starts at a point, not at an artwork: its first step has no id
        List<String> ids = path.stream().map(step -> step.path("_id").asText("")).toList();
        Map<String, float[]> vectors = new java.util.HashMap<>(artworks.vectors(ids.stream().filter(id -> !id.isEmpty()).toList(),
            request.field()));
        if (request.fromVector() != null) {
            vectors.put("", request.fromVector());
        }
        double[][] layout = layout(ids, vectors, request);
        List<WalkStep> steps = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            JsonNode step = path.get(i);
            String id = ids.get(i);
            ArtworkSummary artwork = id.isEmpty()
                ? new ArtworkSummary("", "Your image", List.of(), "", false, "")
                : ArtworkDocuments.summary(id, step.path("_source"));
            steps.add(new WalkStep(step.path("step").asInt(i), step.path("distance").asDouble(), artwork, layout[i][0], layout[i][1]));
        }
        return new Walk(request.field(), request.from(), request.to(), request.steps(), request.interpolation(), request.pick(),
            request.projection().name().toLowerCase(java.util.Locale.ROOT), answer.path("took").asLong(), steps);
    }

    private static double[][] layout(List<String> ids, Map<String, float[]> vectors, WalkRequest request) {
        double[][] layout = new double[ids.size()][2];
        if (vectors.size() != ids.size() || ids.isEmpty()) {
            return layout;
        }
        float[][] rows = new float[ids.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = vectors.get(ids.get(i));
        }
        return request.projection().project(rows, request.seed());
    }
}

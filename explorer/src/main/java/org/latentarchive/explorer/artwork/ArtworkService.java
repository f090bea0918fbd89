package org.latentarchive.explorer.artwork;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.latentarchive.explorer.es.ElasticsearchClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Artworks by id: one for its page, many as summaries (the tiles of walks and maps), vectors for projections. */
public final class ArtworkService {

    private final ElasticsearchClient es;
    private final String index;

    public ArtworkService(ElasticsearchClient es, String index) {
        this.es = es;
        this.index = index;
    }

    public Optional<Artwork> artwork(String id) {
        // Vectors are most of a document's bytes and the page shows none of them.
        return es.getSource(index, id, List.of(), List.of("vectors", "embedded")).map(source -> ArtworkDocuments.artwork(id, source));
    }

    /** Summaries in the order of {@code ids}; ids that are not indexed are left out. */
    public List<ArtworkSummary> summaries(Collection<String> ids) {
        Map<String, ArtworkSummary> byId = new LinkedHashMap<>();
        for (JsonNode hit : byIds(ids, ArtworkDocuments.SUMMARY_FIELDS, false)) {
            byId.put(hit.path("_id").asText(), ArtworkDocuments.summary(hit.path("_id").asText(), hit.path("_source")));
        }
        List<ArtworkSummary> ordered = new ArrayList<>();
        for (String id : ids) {
            ArtworkSummary summary = byId.get(id);
            if (summary != null) {
                ordered.add(summary);
            }
        }
        return ordered;
    }

    /** The vector in {@code vectorField} of each id that has one, for 2-D projections of walks. */
    public Map<String, float[]> vectors(Collection<String> ids, String vectorField) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        for (JsonNode hit : byIds(ids, List.of(vectorField), true)) {
            float[] v = vector(hit.path("_source"), vectorField);
            if (v != null) {
                vectors.put(hit.path("_id").asText(), v);
            }
        }
        return vectors;
    }

    /** Reads a dense vector from a _source, following the dotted field name. */
    public static float[] vector(JsonNode source, String field) {
        JsonNode node = source.path(field);
        if (node.isMissingNode()) {
            node = source;
            for (String part : field.split("\\.")) {
                node = node.path(part);
            }
        }
        if (!node.isArray() || node.isEmpty()) {
            return null;
        }
        float[] v = new float[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) node.get(i).asDouble();
        }
        return v;
    }

    /** Dense vectors are left out of _source by default since Elasticsearch 9.2; they must be asked for. */
    public static ObjectNode sourceWithVectors(ElasticsearchClient es, List<String> includes) {
        ObjectNode source = es.object();
        ArrayNode fields = source.putArray("includes");
        includes.forEach(fields::add);
        source.put("exclude_vectors", false);
        return source;
    }

    private List<JsonNode> byIds(Collection<String> ids, List<String> includes, boolean withVectors) {
        if (ids.isEmpty()) {
            return List.of();
        }
        ObjectNode body = es.object();
        body.put("size", ids.size());
        ArrayNode values = body.putObject("query").putObject("ids").putArray("values");
        ids.forEach(values::add);
        if (withVectors) {
            body.set("_source", sourceWithVectors(es, includes));
        } else {
            ArrayNode fields = body.putArray("_source");
            includes.forEach(fields::add);
        }
        List<JsonNode> hits = new ArrayList<>();
        es.search(index, body).path("hits").path("hits").forEach(hits::add);
        return hits;
    }
}

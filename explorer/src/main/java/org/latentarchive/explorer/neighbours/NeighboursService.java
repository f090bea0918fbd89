package org.latentarchive.explorer.neighbours;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.latentarchive.explorer.artwork.ArtworkDocuments;
import org.latentarchive.explorer.artwork.ArtworkFilter;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.explorer.es.ElasticsearchException;
import org.latentarchive.explorer.web.NotFound;

import java.util.ArrayList;
import java.util.List;

/**
 * Nearest and farthest neighbours through the plugin's {@code vector_neighbours} query: exact scoring of the
 * documents the filter lets through, so "the farthest public-domain work of the 1600s" is one request.
 */
public final class NeighboursService {

    private final ElasticsearchClient es;
    private final String index;

    public NeighboursService(ElasticsearchClient es, String index) {
        this.es = es;
        this.index = index;
    }

    /** The {@code size} nearest or farthest artworks to {@code id} in the vector space {@code field}. */
    public Neighbours neighbours(String id, String field, String direction, ArtworkFilter filter, int size) {
        ObjectNode neighbours = es.object();
        neighbours.putObject("vector_neighbours")
            .put("field", field)
            .put("id", id)
            .put("direction", direction)
            .put("include_self", false);
        ObjectNode body = es.object();
        body.put("size", size);
        body.set("query", filter.wrap(es.json(), neighbours));
        ArrayNode source = body.putArray("_source");
        ArtworkDocuments.SUMMARY_FIELDS.forEach(source::add);
        JsonNode answer;
        try {
            answer = es.search(index, body);
        } catch (ElasticsearchException e) {
            // The plugin looks the artwork up itself; asking first would cost every request a second round trip.
            if (e.status() == 400 && e.getMessage().contains("does not exist")) {
                throw new NotFound("no artwork with id " + id);
            }
            throw e;
        }
        List<Neighbour> list = new ArrayList<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            list.add(new Neighbour(list.size() + 1, hit.path("_score").asDouble(),
                ArtworkDocuments.summary(hit.path("_id").asText(), hit.path("_source"))));
        }
        return new Neighbours(id, direction, field, list);
    }
}

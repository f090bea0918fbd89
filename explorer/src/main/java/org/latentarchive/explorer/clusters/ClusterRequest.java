package org.latentarchive.explorer.clusters;

import org.latentarchive.explorer.artwork.ArtworkFilter;
import org.latentarchive.explorer.projection.Projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The map of a filtered subset in the vector space {@code field}: how to cluster it and how many of its artworks to
 * lay out in 2-D. With {@code ids} (a selection on the map), only those artworks, within the filter.
 */
public record ClusterRequest(String field, ArtworkFilter filter, List<String> ids, int k, String algorithm, long seed,
                             Projection projection, int points, int perRow) {

    public ClusterRequest {
        ids = List.copyOf(ids);
    }

    /** The query of the subset: the filter, and the ids when there are some. */
    public ObjectNode query(ObjectMapper json) {
        ObjectNode query = filter.wrap(json, null);
        if (!ids.isEmpty()) {
            var values = ((com.fasterxml.jackson.databind.node.ArrayNode) query.path("bool").path("filter"))
                .addObject().putObject("ids").putArray("values");
            ids.forEach(values::add);
        }
        return query;
    }
}

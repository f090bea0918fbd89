package org.latentarchive.explorer.clusters;

import org.latentarchive.explorer.artwork.ArtworkFilter;
import org.latentarchive.explorer.projection.Projection;

/** The map of a filtered subset in the vector space {@code field}: how to cluster it and how many of its artworks to lay out in 2-D. */
public record ClusterRequest(String field, ArtworkFilter filter, int k, String algorithm, long seed, Projection projection,
                             int points, int perRow) {
}

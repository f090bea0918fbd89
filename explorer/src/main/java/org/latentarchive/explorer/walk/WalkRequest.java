package org.latentarchive.explorer.walk;

import org.latentarchive.explorer.artwork.ArtworkFilter;
import org.latentarchive.explorer.projection.Projection;

/** A walk through the vector space {@code field} from one artwork to another in {@code steps} interior steps (the path holds steps + 2 artworks). */
public record WalkRequest(String field, String from, String to, int steps, String interpolation, String pick, int k, long seed,
                          ArtworkFilter filter, Projection projection) {
}

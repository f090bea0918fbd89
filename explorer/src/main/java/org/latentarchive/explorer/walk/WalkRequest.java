package org.latentarchive.explorer.walk;

import org.latentarchive.explorer.artwork.ArtworkFilter;
import org.latentarchive.explorer.projection.Projection;

/**
 * A walk through the vector space {@code field} from one artwork (or, with {@code fromVector}, a query image's vector) to another in {@code steps} interior steps (the path holds steps + 2 artworks). */
public record WalkRequest(String field, String from, String to, int steps, String interpolation, String pick, int k, long seed,
                          ArtworkFilter filter, Projection projection, float[] fromVector) {

    /** {@code from} of a walk that starts at a query image's vector rather than at an artwork. */
    public static final String FROM_IMAGE = "image";

    public WalkRequest withFromVector(float[] vector) {
        return new WalkRequest(field, FROM_IMAGE, to, steps, interpolation, pick, k, seed, filter, projection, vector);
    }
}

package org.latentarchive.explorer.neighbours;

import org.latentarchive.explorer.artwork.ArtworkSummary;

/** One neighbour: its rank (1 = nearest, or farthest when looking the other way), the plugin's score, the artwork. */
public record Neighbour(int rank, double score, ArtworkSummary artwork) {
}

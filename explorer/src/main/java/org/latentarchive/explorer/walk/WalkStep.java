package org.latentarchive.explorer.walk;

import org.latentarchive.explorer.artwork.ArtworkSummary;

/**
 * One artwork on the path: its step (0 = start, steps + 1 = end), the cosine distance of its vector to the
 * interpolation point, and its place in the 2-D projection of the path (x, y).
 */
public record WalkStep(int step, double distance, ArtworkSummary artwork, double x, double y) {
}

package org.latentarchive.explorer.walk;

import java.util.List;

/** A walk's path in order, as the plugin's {@code _latent_walk} returned it, with its 2-D layout. */
public record Walk(String field, String from, String to, int steps, String interpolation, String pick, String projection,
                   long took, List<WalkStep> path) {
}

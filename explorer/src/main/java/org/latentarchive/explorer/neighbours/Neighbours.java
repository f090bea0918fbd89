package org.latentarchive.explorer.neighbours;

import java.util.List;

/** The neighbours of one artwork in one direction, among the artworks that pass the filter. */
public record Neighbours(String id, String direction, String field, List<Neighbour> neighbours) {
}

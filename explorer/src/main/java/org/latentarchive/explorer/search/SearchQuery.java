package org.latentarchive.explorer.search;

import org.latentarchive.explorer.artwork.ArtworkFilter;

import java.util.Optional;

/** A search as the grid asks for it: free text (optional), the shared filters, and a page. */
public record SearchQuery(Optional<String> text, ArtworkFilter filter, int from, int size) {
}

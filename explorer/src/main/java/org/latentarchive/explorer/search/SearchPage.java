package org.latentarchive.explorer.search;

import org.latentarchive.explorer.artwork.ArtworkSummary;

import java.util.List;

/** One page of hits, with the facets that fill the filter controls. */
public record SearchPage(long total, int from, int size, List<ArtworkSummary> hits, Facets facets) {

    public record Facets(List<Count> artists, List<Count> techniques, Integer minYear, Integer maxYear,
                         long publicDomain) {
    }

    public record Count(String value, long count) {
    }
}

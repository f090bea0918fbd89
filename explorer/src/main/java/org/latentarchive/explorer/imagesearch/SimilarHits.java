package org.latentarchive.explorer.imagesearch;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.latentarchive.explorer.artwork.ArtworkSummary;

import java.util.List;

/**
 * The artworks nearest (or farthest) to a query image or to marked examples, in one vector space, among those the
 * filters let through: {@code {"field", "direction", "like", "unlike", "hits": [{"rank", "score", "id", "title", ...}]}}.
 * {@code like} and {@code unlike} are the marked artworks the query was refined with.
 */
public record SimilarHits(String field, String direction, List<String> like, List<String> unlike, List<Hit> hits) {

    /** One hit: rank (1 = nearest, or farthest), the plugin's score and the artwork's summary fields. */
    public record Hit(int rank, double score, @JsonUnwrapped ArtworkSummary artwork) {
    }
}

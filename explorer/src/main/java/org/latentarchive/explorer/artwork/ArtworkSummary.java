package org.latentarchive.explorer.artwork;

import java.util.List;

/** What a tile in a grid, a walk or a map shows: enough to recognise an artwork and open it. */
public record ArtworkSummary(String id, String title, List<String> artists, String dating, boolean publicDomain,
                             String thumbnail) {
}

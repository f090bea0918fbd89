package org.latentarchive.explorer.artwork;

import java.util.List;

/**
 * One artwork as its page shows it. {@code description} is plain text: the source's HTML is reduced to its text on
 * the server, and the page inserts it as text, never as markup. {@code image} and {@code thumbnail} point at the
 * explorer's own image route, so that the page loads nothing from elsewhere.
 */
public record Artwork(String id, String title, List<String> artists, List<String> nationality, Dating dating,
                      List<String> techniques, List<String> materials, List<String> objectNames, List<String> colors,
                      String collection, boolean publicDomain, String rights, String description, String landingPage,
                      String source, String image, String thumbnail, Integer width, Integer height) {

    public record Dating(Integer startYear, Integer endYear, String period) {
    }
}

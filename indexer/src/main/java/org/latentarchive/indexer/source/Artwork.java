package org.latentarchive.indexer.source;

import java.util.List;

/**
 * One artwork as a source describes it, in the project's terms (the fields of the {@code artworks} index).
 * {@code objectNumber} is the document id. {@code image} says where its image is; null when it has none.
 */
public record Artwork(
    String objectNumber,
    String title,
    List<String> artists,
    String nationality,
    Integer artistBirthYear,
    Integer artistDeathYear,
    Dating dating,
    List<String> techniques,
    List<String> materials,
    List<String> objectNames,
    List<String> colors,
    String collection,
    Boolean publicDomain,
    String rights,
    String description,
    String imageUrl,
    String thumbnailUrl,
    String landingPage,
    String source,
    ImageLocation image) {

    public Artwork {
        if (objectNumber == null || objectNumber.isBlank()) {
            throw new IllegalArgumentException("an artwork needs an object number");
        }
        artists = artists == null ? List.of() : List.copyOf(artists);
        techniques = techniques == null ? List.of() : List.copyOf(techniques);
        materials = materials == null ? List.of() : List.copyOf(materials);
        objectNames = objectNames == null ? List.of() : List.copyOf(objectNames);
        colors = colors == null ? List.of() : List.copyOf(colors);
    }

    /** Start and end year and the period as the museum writes it ("c. 1875–90"). */
    public record Dating(Integer startYear, Integer endYear, String period) {

        private static final java.util.regex.Pattern YEARS =
            java.util.regex.Pattern.compile("(\\d{3,4})(?:s)?(?:\\s*[–—\\-/]\\s*(\\d{1,4})(?!\\d))?");

        /** Reads the years out of free text: "1855–60" is 1855 to 1860, "c. 1710" 1710, "1520/30" 1520 to 1530. */
        public static Dating parse(String period) {
            if (period == null || period.isBlank()) {
                return new Dating(null, null, null);
            }
            java.util.regex.Matcher m = YEARS.matcher(period);
            if (!m.find()) {
                return new Dating(null, null, period.strip());
            }
            String first = m.group(1);
            int start = Integer.parseInt(first);
            int end = start;
            if (m.group(2) != null) {
                String second = m.group(2);
                end = second.length() < first.length()
                    ? Integer.parseInt(first.substring(0, first.length() - second.length()) + second)
                    : Integer.parseInt(second);
                if (end < start) {
                    end = start;
                }
            } else if (period.contains(first + "s")) {
                end = start + (start % 100 == 0 ? 99 : 9);
            }
            return new Dating(start, end, period.strip());
        }
    }

    /** Where an artwork's image is: a file on disk or a URL to download. */
    public record ImageLocation(java.nio.file.Path file, String url) {

        public static ImageLocation ofFile(java.nio.file.Path file) {
            return new ImageLocation(file, null);
        }

        public static ImageLocation ofUrl(String url) {
            return new ImageLocation(null, url);
        }

        @Override
        public String toString() {
            return file != null ? file.toString() : url;
        }
    }
}

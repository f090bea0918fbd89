package org.latentarchive.indexer.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps an SMK Open record onto an {@link Artwork}, in both shapes the API has had: 2019 (techniques and materials as
 * objects, titles with translations, no artist[]) and current (strings, artist[] display names).
 */
public final class SmkRecords {

    private static final Set<String> ENGLISH = Set.of("en", "en-us", "en-gb", "engelsk", "english");
    private static final String FRONTEND = "https://open.smk.dk/artwork/image/";

    private SmkRecords() {
    }

    public static Artwork toArtwork(JsonNode r) {
        String number = text(r.path("object_number"));
        if (number == null) {
            throw new IllegalArgumentException("record without object_number (id " + text(r.path("id")) + ")");
        }
        JsonNode firstCreator = r.path("production").path(0);
        JsonNode firstDate = r.path("production_date").path(0);
        Integer start = year(text(firstDate.path("start")));
        Integer end = year(text(firstDate.path("end")));
        String period = text(firstDate.path("period"));
        String thumbnail = text(r.path("image_thumbnail"));
        String nativeImage = text(r.path("image_native"));
        String landing = text(r.path("frontend_url"));
        return new Artwork(number, title(r), artists(r), text(firstCreator.path("creator_nationality")),
            year(text(firstCreator.path("creator_date_of_birth"))), year(text(firstCreator.path("creator_date_of_death"))),
            new Artwork.Dating(start, end != null ? end : start, period),
            strings(r.path("techniques"), "technique"),
            strings(r.path("materials"), "material"),
            strings(r.path("object_names"), "name"),
            strings(r.path("colors"), null),
            strings(r.path("collection"), null).stream().findFirst().orElse(text(r.path("responsible_department"))),
            r.path("public_domain").isBoolean() ? r.path("public_domain").asBoolean() : null,
            text(r.path("rights")),
            description(r),
            nativeImage, thumbnail,
            landing != null ? landing : FRONTEND + number,
            "smk",
            // The thumbnail (1024 px) is plenty for a 224-pixel model and a fraction of the native file's size.
            thumbnail != null ? Artwork.ImageLocation.ofUrl(thumbnail) : nativeImage != null ? Artwork.ImageLocation.ofUrl(nativeImage) : null);
    }

    private static String title(JsonNode r) {
        String first = null;
        for (JsonNode t : r.path("titles")) {
            String language = text(t.path("language"));
            String title = text(t.path("title"));
            String translation = text(t.path("translation"));
            if (language != null && ENGLISH.contains(language.toLowerCase(Locale.ROOT))) {
                if (translation != null) {
                    return translation;
                }
                if (title != null) {
                    return title;
                }
            }
            if (first == null) {
                first = title != null ? title : translation;
            }
        }
        return first;
    }

    private static List<String> artists(JsonNode r) {
        List<String> names = strings(r.path("artist"), null);
        if (!names.isEmpty()) {
            return names;
        }
        List<String> creators = new ArrayList<>();
        for (JsonNode p : r.path("production")) {
            String forename = text(p.path("creator_forename"));
            String surname = text(p.path("creator_surname"));
            String creator = forename != null && surname != null ? forename + " " + surname : text(p.path("creator"));
            if (creator != null && !creators.contains(creator)) {
                creators.add(creator);
            }
        }
        return creators;
    }

    private static String description(JsonNode r) {
        for (JsonNode label : r.path("labels")) {
            String text = text(label.path("text"));
            if (text != null) {
                return text;
            }
        }
        List<String> content = strings(r.path("content_description"), null);
        return content.isEmpty() ? null : String.join("\n", content);
    }

    /** Values of an array of strings, or of objects holding the value under {@code key}. */
    private static List<String> strings(JsonNode array, String key) {
        List<String> values = new ArrayList<>();
        if (array.isTextual()) {
            values.add(array.asText());
        }
        for (JsonNode v : array) {
            String s = v.isObject() ? (key == null ? null : text(v.path(key))) : text(v);
            if (s != null && !values.contains(s)) {
                values.add(s);
            }
        }
        return values;
    }

    private static Integer year(String iso) {
        if (iso == null || iso.length() < 4) {
            return null;
        }
        boolean negative = iso.startsWith("-");
        String digits = negative ? iso.substring(1) : iso;
        int end = 0;
        while (end < digits.length() && Character.isDigit(digits.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return null;
        }
        int y = Integer.parseInt(digits.substring(0, end));
        return negative ? -y : y;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull() || n.isContainerNode()) {
            return null;
        }
        String s = n.asText().strip();
        return s.isEmpty() ? null : s;
    }
}

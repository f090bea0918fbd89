package org.latentarchive.indexer.source;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which column of a local collection's metadata file fills which artwork field. Columns not given explicitly are
 * found by common names, so that the aic-paintings layout (id, title, artist_display, date_display,
 * medium_display, collection_id, file, ...) and most museum exports work without configuration.
 */
public record ColumnMapping(Map<Field, String> explicit) {

    public enum Field {
        OBJECT_NUMBER("object_number", "objectNumber", "id", "accession_number", "inventory_number", "object_id"),
        TITLE("title", "titles", "name"),
        ARTIST("artist", "artists", "artist_display", "creator", "maker"),
        NATIONALITY("nationality", "artist_nationality", "creator_nationality"),
        DATING("dating", "date", "date_display", "period", "production_date", "dated"),
        START_YEAR("start_year", "date_start", "year_start", "begin_year"),
        END_YEAR("end_year", "date_end", "year_end"),
        TECHNIQUES("techniques", "technique", "medium", "medium_display"),
        MATERIALS("materials", "material"),
        OBJECT_NAMES("object_names", "object_name", "object_type", "classification", "type"),
        COLORS("colors", "colours"),
        COLLECTION("collection", "collection_id", "department"),
        PUBLIC_DOMAIN("public_domain", "is_public_domain"),
        RIGHTS("rights", "license", "licence", "copyright"),
        DESCRIPTION("description"),
        IMAGE("file", "image_file", "filename", "image_path", "path", "image"),
        IMAGE_URL("image_url", "iiif_image_url", "image_native"),
        THUMBNAIL_URL("thumbnail_url", "image_thumbnail", "thumbnail"),
        LANDING_PAGE("landing_page", "url", "link", "frontend_url");

        private final List<String> candidates;

        Field(String... candidates) {
            this.candidates = List.of(candidates);
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Field parse(String key) {
            try {
                return valueOf(key.strip().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown artwork field '" + key + "'; fields: "
                    + java.util.Arrays.stream(values()).map(Field::key).toList());
            }
        }
    }

    public static ColumnMapping defaults() {
        return new ColumnMapping(Map.of());
    }

    /** Parses "field=column" pairs, e.g. from {@code --map title=Titel --map artist=Kunstner}. */
    public static ColumnMapping parse(List<String> pairs) {
        Map<Field, String> explicit = new EnumMap<>(Field.class);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("a column mapping is field=column, not '" + pair + "'");
            }
            explicit.put(Field.parse(pair.substring(0, eq)), pair.substring(eq + 1).strip());
        }
        return new ColumnMapping(explicit);
    }

    public ColumnMapping {
        explicit = explicit.isEmpty() ? Map.of() : new EnumMap<>(explicit);
    }

    /** The column for each field that the given header has (explicit ones must exist). */
    public Map<Field, String> resolve(java.util.Collection<String> columns) {
        Map<Field, String> resolved = new LinkedHashMap<>();
        Map<String, String> byLowerCase = new LinkedHashMap<>();
        columns.forEach(c -> byLowerCase.putIfAbsent(c.toLowerCase(Locale.ROOT), c));
        for (Field field : Field.values()) {
            String column = explicit.get(field);
            if (column != null) {
                if (!columns.contains(column)) {
                    throw new IllegalArgumentException("the metadata has no column '" + column + "' for " + field.key()
                        + "; its columns: " + columns);
                }
                resolved.put(field, column);
                continue;
            }
            for (String candidate : field.candidates) {
                String actual = byLowerCase.get(candidate.toLowerCase(Locale.ROOT));
                if (actual != null && !resolved.containsValue(actual)) {
                    resolved.put(field, actual);
                    break;
                }
            }
        }
        if (!resolved.containsKey(Field.OBJECT_NUMBER)) {
            throw new IllegalArgumentException("no object number column found (map one with object_number=COLUMN); columns: " + columns);
        }
        return resolved;
    }
}

package org.latentarchive.indexer.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A folder of images with a metadata file (JSON, JSON Lines or CSV). Each record names its image by a relative path column, or
 * the image is found as {@code images/<object number>.<ext>} or {@code <object number>.<ext>} beside the metadata.
 * Artist texts in the common "Name (Nationality, 1840–1926)" form are split into name, nationality and life years.
 */
public final class LocalCollectionSource implements ArtworkSource {

    private static final List<String> METADATA_NAMES = List.of("metadata.json", "metadata.jsonl", "metadata.csv",
        "collection.json", "collection.jsonl", "collection.csv");
    private static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png", "JPG", "JPEG", "PNG", "tif", "tiff");
    private static final Pattern LIFE_YEAR = Pattern.compile("(?<!\\d)\\d{4}(?!\\d)");
    private static final Pattern ARTIST_DISPLAY = Pattern.compile("^(.*?)\\s*\\(([^()]*)\\)\\s*$");

    private final Path folder;
    private final Path metadata;
    private final ColumnMapping mapping;
    private final String name;
    private final String listSeparator;

    public LocalCollectionSource(Path folder, Path metadata, ColumnMapping mapping, String listSeparator) throws IOException {
        this.folder = folder.toAbsolutePath().normalize();
        this.metadata = metadata != null ? metadata : findMetadata(this.folder);
        this.mapping = mapping;
        this.listSeparator = listSeparator == null || listSeparator.isEmpty() ? ";" : listSeparator;
        this.name = "local:" + this.folder.getFileName();
    }

    /** A collection laid out like aic-paintings: metadata.json beside an images/ folder, default columns. */
    public static LocalCollectionSource of(Path folder) throws IOException {
        return new LocalCollectionSource(folder, null, ColumnMapping.defaults(), ";");
    }

    private static Path findMetadata(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("no collection folder at " + folder);
        }
        for (String candidate : METADATA_NAMES) {
            if (Files.isRegularFile(folder.resolve(candidate))) {
                return folder.resolve(candidate);
            }
        }
        throw new IOException("no metadata file (" + String.join(", ", METADATA_NAMES) + ") in " + folder
            + "; name one with --metadata");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void harvest(Consumer<Artwork> sink, SkipListener skipped) throws IOException {
        List<Map<String, JsonNode>> rows = TabularReader.read(metadata);
        if (rows.isEmpty()) {
            return;
        }
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> columns.addAll(r.keySet()));
        Map<ColumnMapping.Field, String> columnOf = mapping.resolve(columns);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, JsonNode> row = rows.get(i);
            try {
                Artwork artwork = toArtwork(row, columnOf);
                if (!seen.add(artwork.objectNumber())) {
                    skipped.skipped(artwork.objectNumber(), "duplicate object number in " + metadata.getFileName());
                    continue;
                }
                sink.accept(artwork);
            } catch (IllegalArgumentException e) {
                skipped.skipped("record " + (i + 1), e.getMessage());
            }
        }
    }

    private Artwork toArtwork(Map<String, JsonNode> row, Map<ColumnMapping.Field, String> columnOf) {
        String objectNumber = text(row, columnOf, ColumnMapping.Field.OBJECT_NUMBER);
        if (objectNumber == null) {
            throw new IllegalArgumentException("no object number");
        }
        List<String> artists = new ArrayList<>();
        String nationality = text(row, columnOf, ColumnMapping.Field.NATIONALITY);
        Integer born = null;
        Integer died = null;
        for (String display : list(row, columnOf, ColumnMapping.Field.ARTIST, "[;\\n]")) {
            Matcher m = ARTIST_DISPLAY.matcher(display);
            if (m.matches() && !m.group(1).isBlank()) {
                artists.add(m.group(1).strip());
                String[] parts = m.group(2).split(",", 2);
                if (nationality == null && parts.length == 2 && parts[0].strip().matches("\\p{L}[\\p{L} -]*")) {
                    nationality = parts[0].strip();
                }
                if (born == null) {
                    // Life dates like "1477/78–1546/49": the first and the last full year.
                    List<Integer> years = LIFE_YEAR.matcher(parts[parts.length - 1]).results()
                        .map(r -> Integer.parseInt(r.group())).toList();
                    born = years.isEmpty() ? null : years.getFirst();
                    died = years.size() > 1 ? years.getLast() : null;
                }
            } else {
                artists.add(display);
            }
        }
        Artwork.Dating dating = Artwork.Dating.parse(text(row, columnOf, ColumnMapping.Field.DATING));
        Integer start = integer(row, columnOf, ColumnMapping.Field.START_YEAR);
        Integer end = integer(row, columnOf, ColumnMapping.Field.END_YEAR);
        if (start != null || end != null) {
            dating = new Artwork.Dating(start != null ? start : dating.startYear(), end != null ? end : dating.endYear(), dating.period());
        }
        String publicDomain = text(row, columnOf, ColumnMapping.Field.PUBLIC_DOMAIN);
        return new Artwork(objectNumber,
            text(row, columnOf, ColumnMapping.Field.TITLE),
            artists, nationality, born, died, dating,
            list(row, columnOf, ColumnMapping.Field.TECHNIQUES, Pattern.quote(listSeparator)),
            list(row, columnOf, ColumnMapping.Field.MATERIALS, Pattern.quote(listSeparator)),
            list(row, columnOf, ColumnMapping.Field.OBJECT_NAMES, Pattern.quote(listSeparator)),
            list(row, columnOf, ColumnMapping.Field.COLORS, Pattern.quote(listSeparator)),
            text(row, columnOf, ColumnMapping.Field.COLLECTION),
            publicDomain == null ? null : Set.of("true", "yes", "1", "y").contains(publicDomain.toLowerCase(Locale.ROOT)),
            text(row, columnOf, ColumnMapping.Field.RIGHTS),
            text(row, columnOf, ColumnMapping.Field.DESCRIPTION),
            text(row, columnOf, ColumnMapping.Field.IMAGE_URL),
            text(row, columnOf, ColumnMapping.Field.THUMBNAIL_URL),
            text(row, columnOf, ColumnMapping.Field.LANDING_PAGE),
            name,
            imageOf(objectNumber, text(row, columnOf, ColumnMapping.Field.IMAGE)));
    }

    private Artwork.ImageLocation imageOf(String objectNumber, String relative) {
        Path base = metadata.getParent() != null ? metadata.getParent() : folder;
        if (relative != null && !relative.contains("://")) {
            Path file = base.resolve(relative).normalize();
            return Artwork.ImageLocation.ofFile(file);
        }
        for (Path dir : List.of(base.resolve("images"), base)) {
            for (String ext : IMAGE_EXTENSIONS) {
                Path candidate = dir.resolve(objectNumber + "." + ext);
                if (Files.isRegularFile(candidate)) {
                    return Artwork.ImageLocation.ofFile(candidate);
                }
            }
        }
        return relative != null ? Artwork.ImageLocation.ofUrl(relative) : null;
    }

    @Override
    public byte[] image(Artwork artwork) throws IOException {
        if (artwork.image() == null || artwork.image().file() == null) {
            throw new IOException("no image file");
        }
        if (!Files.isRegularFile(artwork.image().file())) {
            throw new IOException("image file missing: " + folder.relativize(artwork.image().file().toAbsolutePath()));
        }
        return Files.readAllBytes(artwork.image().file());
    }

    private static String text(Map<String, JsonNode> row, Map<ColumnMapping.Field, String> columnOf, ColumnMapping.Field field) {
        String column = columnOf.get(field);
        JsonNode value = column == null ? null : row.get(column);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        String text = value.isArray() ? String.join("; ", toList(value)) : value.asText();
        return text.isBlank() ? null : text.strip();
    }

    private static Integer integer(Map<String, JsonNode> row, Map<ColumnMapping.Field, String> columnOf, ColumnMapping.Field field) {
        String text = text(row, columnOf, field);
        if (text == null) {
            return null;
        }
        try {
            return (int) Math.round(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return Artwork.Dating.parse(text).startYear();
        }
    }

    private static List<String> list(Map<String, JsonNode> row, Map<ColumnMapping.Field, String> columnOf, ColumnMapping.Field field,
                                     String separatorRegex) {
        String column = columnOf.get(field);
        JsonNode value = column == null ? null : row.get(column);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isArray()) {
            return toList(value);
        }
        return Arrays.stream(value.asText().split(separatorRegex)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> toList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> {
            String t = v.isTextual() || v.isNumber() ? v.asText() : v.toString();
            if (!t.isBlank()) {
                values.add(t.strip());
            }
        });
        return values;
    }
}

package org.latentarchive.explorer.artwork;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the shared `artworks` index's documents (the indexer writes them) into the explorer's records. */
public final class ArtworkDocuments {

    /** The _source fields a summary needs; asking for only these keeps vectors and descriptions off the wire. */
    public static final List<String> SUMMARY_FIELDS = List.of("title", "artist", "dating", "public_domain");

    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern BREAK = Pattern.compile("(?i)<\\s*(br|/p|/div|/li)\\s*/?>");

    private ArtworkDocuments() {
    }

    public static ArtworkSummary summary(String id, JsonNode source) {
        return new ArtworkSummary(id, title(source), strings(source.path("artist")), datingText(source.path("dating")),
            source.path("public_domain").asBoolean(false), imageRoute(id, true));
    }

    public static Artwork artwork(String id, JsonNode s) {
        JsonNode dating = s.path("dating");
        return new Artwork(id, title(s), strings(s.path("artist")), strings(s.path("nationality")),
            new Artwork.Dating(integer(dating.path("start_year")), integer(dating.path("end_year")), text(dating.path("period"))),
            strings(s.path("techniques")), strings(s.path("materials")), strings(s.path("object_names")),
            strings(s.path("colors")), text(s.path("collection")), s.path("public_domain").asBoolean(false),
            text(s.path("rights")), plainText(text(s.path("description"))), safeLink(text(s.path("landing_page"))),
            text(s.path("source")), imageRoute(id, false), imageRoute(id, true),
            integer(s.path("image").path("width")), integer(s.path("image").path("height")));
    }

    /** The explorer's image route for an artwork: the server fetches only what the artwork's document names. */
    public static String imageRoute(String id, boolean thumbnail) {
        return "/images/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + (thumbnail ? "?size=thumb" : "");
    }

    /** A source's description may hold HTML; the page shows its text, with paragraph breaks kept as newlines. */
    static String plainText(String html) {
        if (html == null) {
            return null;
        }
        String text = TAG.matcher(BREAK.matcher(html).replaceAll("\n")).replaceAll("");
        text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
            .replace("&#39;", "'").replace("&amp;", "&");
        return text.replaceAll("[ \\t]+", " ").replaceAll("\\n\\s*\\n+", "\n\n").strip();
    }

    /** Only web links leave the page: a "javascript:" landing page from a hostile source is dropped. */
    static String safeLink(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }

    private static String title(JsonNode source) {
        String title = text(source.path("title"));
        return title == null || title.isBlank() ? "Untitled" : title;
    }

    private static String datingText(JsonNode dating) {
        String period = text(dating.path("period"));
        if (period != null && !period.isBlank()) {
            return period;
        }
        Integer start = integer(dating.path("start_year"));
        Integer end = integer(dating.path("end_year"));
        if (start == null) {
            return end == null ? "" : String.valueOf(end);
        }
        return end == null || end.equals(start) ? String.valueOf(start) : start + "–" + end;
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> {
                if (v.isValueNode() && !v.asText().isBlank()) {
                    values.add(v.asText());
                }
            });
        } else if (node.isValueNode() && !node.isNull() && !node.asText().isBlank()) {
            values.add(node.asText());
        }
        return values;
    }

    private static String text(JsonNode node) {
        if (node.isArray()) {
            return node.isEmpty() ? null : text(node.get(0));
        }
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    private static Integer integer(JsonNode node) {
        if (node.isArray()) {
            return node.isEmpty() ? null : integer(node.get(0));
        }
        return node.canConvertToInt() ? node.asInt() : null;
    }
}

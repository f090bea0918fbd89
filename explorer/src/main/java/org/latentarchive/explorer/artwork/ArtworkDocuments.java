package org.latentarchive.explorer.artwork;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the shared `artworks` index's documents (the indexer writes them) into the explorer's records. */
public final class ArtworkDocuments {

    /** The _source fields a summary needs; asking for only these keeps vectors and descriptions off the wire. */
    public static final List<String> SUMMARY_FIELDS = List.of("title", "artist", "dating", "public_domain");

    /** Elements a browser sets apart with space above and below; their text becomes a paragraph of its own. */
    private static final Set<String> PARAGRAPHS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "pre", "ul", "ol", "dl", "table", "section", "article", "header", "footer", "figure", "figcaption", "address", "hr");
    /** Elements that start a new line. */
    private static final Set<String> LINES = Set.of("br", "li", "dt", "dd", "tr");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\u00A0]+");
    private static final Pattern SPACES_AROUND_NEWLINE = Pattern.compile(" ?\\n ?");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

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

    /**
     * A source's description may hold HTML; the page shows its text (every entity decoded), with blocks as paragraphs
     * and breaks and list items as lines. Text without any markup keeps its own lines: SMK's descriptions are plain
     * text joined by newlines, where HTML would read a newline as a space.
     */
    static String plainText(String html) {
        if (html == null) {
            return null;
        }
        Element body = Jsoup.parseBodyFragment(html).body();
        // Scripts and styles are code, not text: they go with their content.
        body.select("script, style, template, noscript").remove();
        StringBuilder text = new StringBuilder();
        if (body.children().isEmpty()) {
            text.append(body.wholeText());
        } else {
            NodeTraversor.traverse(new NodeVisitor() {
                @Override
                public void head(Node node, int depth) {
                    if (node instanceof TextNode t) {
                        text.append(t.text());
                    } else if (node instanceof Element e) {
                        text.append(PARAGRAPHS.contains(e.normalName()) ? "\n\n" : LINES.contains(e.normalName()) ? "\n" : "");
                    }
                }

                @Override
                public void tail(Node node, int depth) {
                    if (node instanceof Element e && PARAGRAPHS.contains(e.normalName())) {
                        text.append("\n\n");
                    }
                }
            }, body);
        }
        String lines = SPACES_AROUND_NEWLINE.matcher(SPACES.matcher(text).replaceAll(" ")).replaceAll("\n");
        return BLANK_LINES.matcher(lines).replaceAll("\n\n").strip();
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

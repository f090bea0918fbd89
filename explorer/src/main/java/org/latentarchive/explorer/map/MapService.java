package org.latentarchive.explorer.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latentarchive.explorer.artwork.ArtworkFilter;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.explorer.search.SearchService;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.index.ArtworksIndex;

/**
 * The whole-collection map: a stored layout of a space (computed once by the layout job) and the subset of it that
 * the search page's query and filters select. The layout is read from the index once per version and kept whole in
 * compact arrays ({@link MapLayout}, the latest {@value #KEPT}); a subset costs one query for its matching ids
 * (none without text and filters). Knows nothing of HTTP.
 */
public final class MapService {

    /** The layouts the job computes, in the order they are listed. */
    public static final List<String> LAYOUTS = List.of("pca", "umap", "tsne", "grid");
    static final int KEPT = 4;
    static final int REPRESENTATIVES = 5;
    private static final int PAGE = 10_000;

    /** A cluster of the subset: its size in the subset, a label, its centroid in the layout, its representatives. */
    public record ClusterSummary(int cluster, int size, String label, double x, double y, List<String> representatives) {
    }

    /**
     * The subset of a layout: rows of {@link MapLayout}, ascending (the order of the ids), and its clusters;
     * {@code whole} when it is every artwork of the layout (no text, no filter), whose answers are cached.
     */
    record Subset(MapLayout layout, int[] rows, List<ClusterSummary> clusters, boolean whole) {
    }

    private final ElasticsearchClient es;
    private final String index;
    private final LayoutCatalog catalog;
    private final Map<String, MapLayout> cache = new LinkedHashMap<>(8, 0.75f, true);
    private final Map<String, Object> loading = new HashMap<>();

    public MapService(ElasticsearchClient es, String index, LayoutCatalog catalog) {
        this.es = es;
        this.index = index;
        this.catalog = catalog;
    }

    public LayoutCatalog.SpaceLayouts layouts(String field) {
        return catalog.of(field);
    }

    /**
     * Reads the stored layouts of a field into the cache ahead of the first request (at start and after a layout job),
     * so that the first visitor's whole-collection map is answered from memory. Nothing happens when the field has no
     * layouts or the index cannot be read yet: the first request then reads what it needs.
     */
    public void warm(String field) {
        try {
            for (LayoutCatalog.Entry entry : catalog.of(field).layouts().stream().limit(KEPT).toList()) {
                layout(field, entry.name());
            }
        } catch (RuntimeException e) {
            // no index, no layouts or no answer yet: nothing to warm
        }
    }

    /** {@link #warm} on a daemon thread of its own. */
    public void warmInBackground(String field) {
        Thread thread = new Thread(() -> warm(field), "map-warm");
        thread.setDaemon(true);
        thread.start();
    }

    /** The stored layout, whole; 400 when the name is unknown or the layout was not computed for the field. */
    MapLayout layout(String field, String name) {
        if (!LAYOUTS.contains(name)) {
            throw new BadRequest("layout must be one of " + String.join(", ", LAYOUTS) + ", not '" + abbreviate(name) + "'");
        }
        LayoutCatalog.SpaceLayouts stored = catalog.of(field);
        LayoutCatalog.Entry entry = stored.layout(name).orElseThrow(() -> new BadRequest("the " + name + " layout of " + field
            + " has not been computed" + (stored.layouts().isEmpty() ? " (no layout of it has)"
            : "; it has " + String.join(", ", stored.layouts().stream().map(LayoutCatalog.Entry::name).toList()))
            + ": compute it with ./latent-archive layout --field " + field + " --methods " + name
            + " or, as a curator, POST /api/layouts {\"field\": \"" + field + "\", \"methods\": [\"" + name + "\"]}"));
        String key = field + "|" + name + "|" + entry.version();
        Object lock;
        synchronized (cache) {
            MapLayout hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
            lock = loading.computeIfAbsent(key, k -> new Object());
        }
        // one reader per layout version: the requests that arrive meanwhile wait for it instead of reading it again
        synchronized (lock) {
            synchronized (cache) {
                MapLayout hit = cache.get(key);
                if (hit != null) {
                    return hit;
                }
            }
            MapLayout read = read(field, name, entry.version());
            synchronized (cache) {
                cache.put(key, read);
                while (cache.size() > KEPT) {
                    cache.remove(cache.keySet().iterator().next());
                }
                loading.remove(key);
            }
            return read;
        }
    }

    /** The subset of the layout that the text and filters select (every artwork of the layout without either). */
    Subset subset(String field, String name, Optional<String> text, ArtworkFilter filter) {
        MapLayout layout = layout(field, name);
        if (text.isEmpty() && filter.isEmpty()) {
            return layout.whole(() -> {
                int[] rows = new int[layout.size()];
                Arrays.setAll(rows, i -> i);
                return new Subset(layout, rows, clusters(layout, rows), true);
            });
        }
        int[] rows = matching(layout, SearchService.query(es, text, filter));
        return new Subset(layout, rows, clusters(layout, rows), false);
    }

    /** The rows of the layout whose artworks match: only their ids come back from Elasticsearch, page by page. */
    private int[] matching(MapLayout layout, ObjectNode query) {
        ObjectNode body = es.object();
        body.put("size", PAGE).put("_source", false);
        body.set("query", query);
        body.putArray("sort").add("_doc");
        int[] found = new int[layout.size()];
        int count = 0;
        JsonNode page = es.send("POST", "/" + index + "/_search?scroll=1m&filter_path=_scroll_id,hits.hits._id", body);
        String scroll = page.path("_scroll_id").asText(null);
        try {
            while (true) {
                JsonNode hits = page.path("hits").path("hits");
                if (hits.isEmpty()) {
                    break;
                }
                for (JsonNode hit : hits) {
                    int row = layout.row(hit.path("_id").asText());
                    if (row >= 0 && count < found.length) {
                        found[count++] = row;
                    }
                }
                ObjectNode next = es.object().put("scroll", "1m").put("scroll_id", scroll);
                page = es.send("POST", "/_search/scroll?filter_path=_scroll_id,hits.hits._id", next);
                scroll = page.path("_scroll_id").asText(scroll);
            }
        } finally {
            clear(scroll);
        }
        int[] rows = Arrays.copyOf(found, count);
        Arrays.sort(rows);
        return rows;
    }

    /**
     * Each cluster of the subset: its size, its centroid in this layout, the members nearest that centroid, and a
     * label made from the whole layout's members (so a label names the same region of the map whatever the filter):
     * the top artist when at least a quarter of the members are theirs, else the middle half of the members' start
     * years, by decade.
     */
    static List<ClusterSummary> clusters(MapLayout layout, int[] rows) {
        Map<Integer, String> labels = layout.clusterLabels;
        Map<Integer, List<Integer>> members = new java.util.TreeMap<>();
        for (int row : rows) {
            members.computeIfAbsent((int) layout.cluster[row], c -> new ArrayList<>()).add(row);
        }
        List<ClusterSummary> out = new ArrayList<>();
        members.forEach((cluster, list) -> {
            double cx = 0;
            double cy = 0;
            for (int row : list) {
                cx += layout.x[row];
                cy += layout.y[row];
            }
            double mx = cx / list.size();
            double my = cy / list.size();
            // the few nearest the centroid, in one pass (ties: the lower row, as the rows come in ascending order)
            int kept = 0;
            int[] best = new int[REPRESENTATIVES];
            double[] bestDistance = new double[REPRESENTATIVES];
            for (int row : list) {
                double d = sq(layout.x[row] - mx) + sq(layout.y[row] - my);
                if (kept < REPRESENTATIVES || d < bestDistance[kept - 1]) {
                    int at = Math.min(kept, REPRESENTATIVES - 1);
                    while (at > 0 && bestDistance[at - 1] > d) {
                        best[at] = best[at - 1];
                        bestDistance[at] = bestDistance[at - 1];
                        at--;
                    }
                    best[at] = row;
                    bestDistance[at] = d;
                    kept = Math.min(REPRESENTATIVES, kept + 1);
                }
            }
            List<String> reps = new ArrayList<>(kept);
            for (int r = 0; r < kept; r++) {
                reps.add(layout.ids[best[r]]);
            }
            out.add(new ClusterSummary(cluster, list.size(), labels.get(cluster), mx, my, reps));
        });
        return out;
    }

    /**
     * Every cluster's label, from all a layout's members (row i: its cluster, artist and start year): made once, when
     * the layout is read ({@link MapLayout#clusterLabels}).
     */
    static Map<Integer, String> clusterLabels(short[] clusterOf, String[] artistOf, int[] yearOf) {
        Map<Integer, Map<String, Integer>> artists = new HashMap<>();
        Map<Integer, List<Integer>> years = new HashMap<>();
        Map<Integer, Integer> sizes = new HashMap<>();
        for (int row = 0; row < clusterOf.length; row++) {
            int cluster = clusterOf[row];
            sizes.merge(cluster, 1, Integer::sum);
            Map<String, Integer> theirs = artists.computeIfAbsent(cluster, c -> new HashMap<>());
            List<Integer> starts = years.computeIfAbsent(cluster, c -> new ArrayList<>());
            if (artistOf[row] != null && !artistOf[row].isBlank()) {
                theirs.merge(artistOf[row], 1, Integer::sum);
            }
            if (yearOf[row] != Integer.MIN_VALUE) {
                starts.add(yearOf[row]);
            }
        }
        Map<Integer, String> labels = new HashMap<>();
        sizes.forEach((cluster, size) -> labels.put(cluster, label(cluster, size, artists.get(cluster), years.get(cluster))));
        return labels;
    }

    private static String label(int cluster, int size, Map<String, Integer> artists, List<Integer> years) {
        Optional<Map.Entry<String, Integer>> top = artists.entrySet().stream()
            .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())));
        if (top.isPresent() && top.get().getValue() * 4 >= size) {
            return top.get().getKey();
        }
        if (!years.isEmpty()) {
            years.sort(Integer::compare);
            int low = Math.floorDiv(years.get(years.size() / 4), 10) * 10;
            int high = Math.floorDiv(years.get((years.size() * 3) / 4), 10) * 10;
            return low == high ? low + "s" : low + "s–" + high + "s";
        }
        return top.map(Map.Entry::getKey).orElse("cluster " + cluster);
    }

    private static double sq(double v) {
        return v * v;
    }

    /** Reads a whole layout, positions, cluster, title, artist and start year, all from doc values. */
    private MapLayout read(String field, String name, String version) {
        String space = ArtworksIndex.spaceOf(field);
        String xField = ArtworksIndex.layoutField(space, name) + ".x";
        String yField = ArtworksIndex.layoutField(space, name) + ".y";
        String clusterField = ArtworksIndex.clusterField(space);
        ObjectNode body = es.object();
        body.put("size", PAGE);
        body.putObject("query").putObject("exists").put("field", xField);
        body.putArray("sort").add("_doc");
        // everything from doc values: a document's _source holds its vectors, thousands of numbers to load and skip
        body.put("_source", false);
        ArrayNode docValues = body.putArray("docvalue_fields");
        docValues.add(xField).add(yField).add(clusterField).add("title.keyword").add("artist.keyword").add("dating.start_year")
            .add("image.sha256");
        List<String> ids = new ArrayList<>();
        List<Long> images = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<String> artists = new ArrayList<>();
        List<Integer> years = new ArrayList<>();
        List<float[]> xy = new ArrayList<>();
        List<Short> clusters = new ArrayList<>();
        String filter = "filter_path=_scroll_id,hits.hits._id,hits.hits.fields";
        JsonNode page = es.send("POST", "/" + index + "/_search?scroll=1m&" + filter, body);
        String scroll = page.path("_scroll_id").asText(null);
        try {
            while (true) {
                JsonNode hits = page.path("hits").path("hits");
                if (hits.isEmpty()) {
                    break;
                }
                for (JsonNode hit : hits) {
                    JsonNode fields = hit.path("fields");
                    ids.add(hit.path("_id").asText());
                    String title = joined(fields.path("title.keyword"), " ");
                    titles.add(title.isBlank() ? "Untitled" : title);
                    artists.add(joined(fields.path("artist.keyword"), ", "));
                    JsonNode year = fields.path("dating.start_year").path(0);
                    years.add(year.isNumber() ? year.asInt() : Integer.MIN_VALUE);
                    xy.add(new float[] {(float) fields.path(xField).path(0).asDouble(), (float) fields.path(yField).path(0).asDouble()});
                    clusters.add((short) fields.path(clusterField).path(0).asInt(0));
                    images.add(imageKey(fields.path("image.sha256").path(0).asText("")));
                }
                ObjectNode next = es.object().put("scroll", "1m").put("scroll_id", scroll);
                page = es.send("POST", "/_search/scroll?" + filter, next);
                scroll = page.path("_scroll_id").asText(scroll);
            }
        } finally {
            clear(scroll);
        }
        Integer[] order = new Integer[ids.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, java.util.Comparator.comparing(ids::get));
        int n = order.length;
        String[] outIds = new String[n];
        String[] outTitles = new String[n];
        String[] outArtists = new String[n];
        int[] outYears = new int[n];
        float[] x = new float[n];
        float[] y = new float[n];
        short[] cluster = new short[n];
        long[] image = new long[n];
        for (int i = 0; i < n; i++) {
            int from = order[i];
            outIds[i] = ids.get(from);
            outTitles[i] = titles.get(from);
            outArtists[i] = artists.get(from);
            outYears[i] = years.get(from);
            x[i] = xy.get(from)[0];
            y[i] = xy.get(from)[1];
            cluster[i] = clusters.get(from);
            image[i] = images.get(from);
        }
        return new MapLayout(field, name, version, outIds, outTitles, outArtists, outYears, x, y, cluster, image);
    }

    /** The first 16 hex digits of the image's SHA-256 as a number (0 when unknown): a new image, a new key. */
    static long imageKey(String sha256) {
        if (sha256.length() < 16) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(sha256.substring(0, 16), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A text field's values (one or a list) joined. */
    private static String joined(JsonNode node, String separator) {
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            node.forEach(v -> {
                if (v.isValueNode() && !v.asText().isBlank()) {
                    values.add(v.asText());
                }
            });
            return String.join(separator, values);
        }
        return node.isValueNode() && !node.isNull() ? node.asText() : "";
    }

    private void clear(String scroll) {
        if (scroll == null) {
            return;
        }
        try {
            es.send("DELETE", "/_search/scroll", es.object().put("scroll_id", scroll));
        } catch (RuntimeException e) {
            // an unreleased scroll expires on its own within a minute
        }
    }

    private static String abbreviate(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
    }
}

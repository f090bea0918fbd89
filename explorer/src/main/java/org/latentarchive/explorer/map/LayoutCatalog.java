package org.latentarchive.explorer.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.index.ArtworksIndex;

/**
 * Which layouts the layout job has stored for each space, as the index mapping's {@code _meta} records them
 * ({@link ArtworksIndex#layoutMeta}). Read again at most every {@value #FRESH_MILLIS} ms, so a job that just finished
 * shows up within a second and a map request costs no extra round trip most of the time.
 */
public final class LayoutCatalog {

    static final long FRESH_MILLIS = 1000;

    /** One stored layout: its name, how many artworks it holds, when it was computed, and its cache stamp. */
    public record Entry(String name, int count, String computedAt, String version) {
    }

    /** A space's layouts (empty when none), and k of its clusters (0 when none). */
    public record SpaceLayouts(String field, List<Entry> layouts, int clusters) {

        public Optional<Entry> layout(String name) {
            return layouts.stream().filter(e -> e.name().equals(name)).findFirst();
        }
    }

    private final ElasticsearchClient es;
    private final String index;
    private JsonNode meta;
    private long readAt;

    public LayoutCatalog(ElasticsearchClient es, String index) {
        this.es = es;
        this.index = index;
    }

    public SpaceLayouts of(String field) {
        String space = ArtworksIndex.spaceOf(field);
        JsonNode entry = meta().path(ArtworksIndex.LAYOUTS_META).path(space);
        List<Entry> layouts = new ArrayList<>();
        Map<String, JsonNode> methods = new TreeMap<>();
        entry.path("methods").properties().forEach(e -> methods.put(e.getKey(), e.getValue()));
        String clustersVersion = entry.path("clustersVersion").asText("");
        // the job's order: pca, umap, tsne, grid
        for (String name : MapService.LAYOUTS) {
            JsonNode m = methods.get(name);
            if (m != null) {
                layouts.add(new Entry(name, m.path("count").asInt(), m.path("computedAt").asText(),
                    m.path("version").asText() + "." + clustersVersion));
            }
        }
        return new SpaceLayouts(field, layouts, entry.path("clusters").asInt(0));
    }

    /** Forget what was read: the next request reads the mapping again (after a layout job). */
    public synchronized void changed() {
        readAt = 0;
    }

    private synchronized JsonNode meta() {
        long now = System.currentTimeMillis();
        if (meta == null || now - readAt > FRESH_MILLIS) {
            JsonNode mapping = es.send("GET", "/" + index + "/_mapping", null);
            JsonNode first = mapping.properties().iterator().hasNext() ? mapping.properties().iterator().next().getValue() : es.object();
            meta = first.path("mappings").path("_meta");
            readAt = now;
        }
        return meta;
    }
}

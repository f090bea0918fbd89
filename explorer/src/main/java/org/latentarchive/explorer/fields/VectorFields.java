package org.latentarchive.explorer.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.index.ArtworksIndex;

/**
 * The vector spaces of the artworks index, read from its mapping ({@code vectors.<name>} dense_vector fields), so
 * that any request can name the space it searches in: the model's own, a tuned one the curators trained, a stack.
 * The list is kept for a few seconds; a name it does not hold makes it read the mapping again at once, so a field
 * written a moment ago (a tuned model just applied) is usable by the next request. Whatever in the explorer writes
 * a space calls {@link #changed()}, so the next list, too, shows it at once rather than when the few seconds are up.
 */
public final class VectorFields {

    private static final long FRESH_NANOS = 5_000_000_000L;

    private final ElasticsearchClient es;
    private final String index;
    private final String defaultName;
    private volatile Snapshot snapshot;

    private record Snapshot(long readAt, Map<String, VectorField> byName) {
    }

    public VectorFields(ElasticsearchClient es, String index, String defaultName) {
        this.es = es;
        this.index = index;
        this.defaultName = name(defaultName);
    }

    /** The index's spaces were written here (a model applied): the next request reads them again. */
    public void changed() {
        snapshot = null;
    }

    /** The default space and every space of the index, by name. */
    public FieldList list() {
        return new FieldList(defaultName, List.copyOf(current(false).byName().values()));
    }

    public List<String> names() {
        return List.copyOf(current(false).byName().keySet());
    }

    /**
     * The full field name for a request's {@code field} parameter ({@code tuned_3} or {@code vectors.tuned_3});
     * the default space when it is absent; a {@link BadRequest} naming the spaces there are when it is unknown.
     */
    public String resolve(Optional<String> requested) {
        if (requested.isEmpty()) {
            return ArtworksIndex.vectorField(defaultName);
        }
        String name = name(requested.get());
        if (current(false).byName().containsKey(name) || current(true).byName().containsKey(name)) {
            return ArtworksIndex.vectorField(name);
        }
        throw new BadRequest("field '" + abbreviate(requested.get()) + "' is not a vector field of index '" + index
            + "'; it has " + String.join(", ", current(false).byName().keySet()));
    }

    private static String name(String nameOrField) {
        return ArtworksIndex.spaceOf(nameOrField);
    }

    private Snapshot current(boolean forceRead) {
        Snapshot known = snapshot;
        if (!forceRead && known != null && System.nanoTime() - known.readAt() < FRESH_NANOS) {
            return known;
        }
        Snapshot read = new Snapshot(System.nanoTime(), read());
        snapshot = read;
        return read;
    }

    /** One mapping request and one counting search; field order is by name. */
    private Map<String, VectorField> read() {
        Map<String, JsonNode> mapped = new TreeMap<>();
        JsonNode mappings = es.send("GET", "/" + index + "/_mapping", null);
        // an alias or a pattern can name several indices: a space is one that any of them maps
        mappings.forEach(m -> m.path("mappings").path("properties").path("vectors").path("properties").properties()
            .forEach(e -> {
                if ("dense_vector".equals(e.getValue().path("type").asText())) {
                    mapped.putIfAbsent(e.getKey(), e.getValue());
                }
            }));
        Map<String, VectorField> fields = new java.util.LinkedHashMap<>();
        if (mapped.isEmpty()) {
            return fields;
        }
        ObjectNode body = es.object();
        body.put("size", 0);
        ObjectNode aggs = body.putObject("aggs");
        ObjectNode counts = aggs.putObject("counts").putObject("filters").putObject("filters");
        for (String name : mapped.keySet()) {
            counts.putObject(name).putObject("exists").put("field", ArtworksIndex.vectorField(name));
            aggs.putObject("made_by_" + name).putObject("terms").put("field", ArtworksIndex.embeddedField(name)).put("size", 2);
        }
        JsonNode answer = es.search(index, body).path("aggregations");
        for (Map.Entry<String, JsonNode> e : mapped.entrySet()) {
            String name = e.getKey();
            JsonNode mapping = e.getValue();
            JsonNode madeBy = answer.path("made_by_" + name).path("buckets");
            fields.put(name, new VectorField(name, ArtworksIndex.vectorField(name), mapping.path("dims").asInt(),
                mapping.path("similarity").asText("cosine"), mapping.path("index_options").path("type").asText(null),
                answer.path("counts").path("buckets").path(name).path("doc_count").asLong(),
                madeBy.size() == 1 ? madeBy.get(0).path("key").asText() : null));
        }
        return fields;
    }

    private static String abbreviate(String raw) {
        return raw.length() > 60 ? raw.substring(0, 60) + "…" : raw;
    }
}

package org.latentarchive.curator;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.mapping.DenseVectorIndexOptions;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.ScrollResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.GetMappingResponse;
import co.elastic.clients.json.JsonpUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.latentarchive.index.ArtworksIndex;

/**
 * The curator's view of the artworks index: read every artwork's vector of one field, and write a new vector field
 * (a tuned or stacked space) next to the others, each artwork updated in place so that its metadata stays.
 */
public final class ArtworkVectors {

    private static final int PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchClient client;
    private final String index;

    public ArtworkVectors(ElasticsearchClient client, String index) {
        this.client = client;
        this.index = index;
    }

    /** The client this reads and writes with: the layout job writes its fields through it too. */
    public ElasticsearchClient client() {
        return client;
    }

    /** The artworks index. */
    public String index() {
        return index;
    }

    /** Every artwork's vector of {@code field} (e.g. {@code vectors.mobilenet_v2}); artworks without one are left out. */
    public VectorTable read(String field) throws IOException {
        ArtworksIndex.requireVectorField(field);
        List<String> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        // vectors are left out of _source by default in recent indices: ask for them explicitly
        SearchResponse<JsonNode> page = client.search(s -> s.index(index).size(PAGE).scroll(Time.of(t -> t.time("2m")))
            .query(q -> q.exists(e -> e.field(field)))
            .source(src -> src.filter(f -> f.includes(field).excludeVectors(false))), JsonNode.class);
        String scrollId = page.scrollId();
        List<Hit<JsonNode>> hits = page.hits().hits();
        try {
            while (!hits.isEmpty()) {
                for (Hit<JsonNode> hit : hits) {
                    vectorAt(hit.source(), field).ifPresent(v -> {
                        ids.add(hit.id());
                        vectors.add(v);
                    });
                }
                String current = scrollId;
                ScrollResponse<JsonNode> next = client.scroll(r -> r.scrollId(current).scroll(Time.of(t -> t.time("2m"))), JsonNode.class);
                scrollId = next.scrollId();
                hits = next.hits().hits();
            }
        } finally {
            String last = scrollId;
            if (last != null) {
                client.clearScroll(c -> c.scrollId(last));
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no artwork in index '" + index + "' has a vector in field '" + field + "'");
        }
        return new VectorTable(ids, vectors);
    }

    /** The vector fields the index maps, e.g. [vectors.mobilenet_v2, vectors.tuned_1]. */
    public List<String> vectorFields() throws IOException {
        TreeSet<String> fields = new TreeSet<>();
        vectorProperties().keySet().forEach(name -> fields.add(ArtworksIndex.vectorField(name)));
        return List.copyOf(fields);
    }

    /**
     * Adds {@code field} as a cosine dense_vector of {@code dims}, indexed like {@code like} (a field whose index
     * options it copies, e.g. the source of a tuned field) when given, and writes every vector of the table
     * into it; {@code marker} goes to {@code embedded.<name>} so that the indexer can tell what made the vector.
     */
    public void write(String field, VectorTable vectors, String marker, Optional<String> like) throws IOException {
        String name = ArtworksIndex.spaceOf(ArtworksIndex.requireVectorField(field));
        ObjectNode indexOptions = null;
        if (like.isPresent()) {
            Property source = vectorProperties().get(ArtworksIndex.spaceOf(like.get()));
            if (source != null && source.isDenseVector() && source.denseVector().indexOptions() != null) {
                DenseVectorIndexOptions options = source.denseVector().indexOptions();
                // better binary quantization needs 64 dims or more; a narrower field is indexed with plain HNSW
                boolean bbq = options.type() != null && options.type().jsonValue().startsWith("bbq");
                if (!bbq || vectors.dims() >= 64) {
                    indexOptions = (ObjectNode) JSON.readTree(JsonpUtils.toJsonString(options, client._jsonpMapper()));
                }
            }
        }
        String mapping = JSON.writeValueAsString(ArtworksIndex.spaceMapping(name, ArtworksIndex.vectorMapping(vectors.dims(), indexOptions)));
        client.indices().putMapping(m -> m.index(index).withJson(new StringReader(mapping)));
        for (int start = 0; start < vectors.size(); start += PAGE) {
            List<BulkOperation> operations = new ArrayList<>();
            for (int row = start; row < Math.min(vectors.size(), start + PAGE); row++) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("vectors", Map.of(name, vectors.vector(row)));
                doc.put("embedded", Map.of(name, marker));
                String id = vectors.id(row);
                operations.add(BulkOperation.of(b -> b.update(u -> u.index(index).id(id).action(a -> a.doc(doc)))));
            }
            BulkResponse response = client.bulk(b -> b.operations(operations));
            if (response.errors()) {
                for (BulkResponseItem item : response.items()) {
                    if (item.error() != null) {
                        throw new IOException("writing " + field + " of artwork '" + item.id() + "' failed: "
                            + item.error().reason());
                    }
                }
            }
        }
        client.indices().refresh(r -> r.index(index));
    }

    private Map<String, Property> vectorProperties() throws IOException {
        GetMappingResponse mapping = client.indices().getMapping(m -> m.index(index));
        Map<String, Property> found = new LinkedHashMap<>();
        mapping.mappings().values().forEach(m -> {
            Property vectors = m.mappings().properties().get("vectors");
            if (vectors != null && vectors.isObject()) {
                found.putAll(vectors.object().properties());
            }
        });
        return found;
    }

    /** The vector under a dotted path, whether the source nests objects or spells the dotted key out. */
    static Optional<float[]> vectorAt(JsonNode source, String field) {
        if (source == null) {
            return Optional.empty();
        }
        JsonNode node = source.get(field);
        if (node == null) {
            node = source;
            for (String part : field.split("\\.")) {
                node = node == null ? null : node.get(part);
            }
        }
        if (node == null || !node.isArray() || node.isEmpty()) {
            return Optional.empty();
        }
        float[] vector = new float[node.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) node.get(i).asDouble();
        }
        return Optional.of(vector);
    }
}

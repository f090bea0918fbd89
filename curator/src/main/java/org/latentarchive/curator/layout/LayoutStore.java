package org.latentarchive.curator.layout;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.indices.GetMappingResponse;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latentarchive.index.ArtworksIndex;

/**
 * Writes a space's layouts into the artworks index as {@link ArtworksIndex#layoutField} and
 * {@link ArtworksIndex#clusterField} of each artwork (bulk partial updates, so metadata and vectors stay), and
 * records in the mapping's {@code _meta} which layouts exist, for how many artworks, and when they were computed.
 */
public final class LayoutStore {

    private static final int PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchClient client;
    private final String index;

    public LayoutStore(ElasticsearchClient client, String index) {
        this.client = client;
        this.index = index;
    }

    /** Writes every layout of the result and the clusters; {@code progress} goes from 0 to 1 over the pages. */
    public void write(String space, MapLayouts.Result result, java.util.function.DoubleConsumer progress) throws IOException {
        map(space, result);
        List<String> ids = result.ids();
        for (int start = 0; start < ids.size(); start += PAGE) {
            List<BulkOperation> operations = new ArrayList<>();
            for (int row = start; row < Math.min(ids.size(), start + PAGE); row++) {
                Map<String, Object> layouts = new LinkedHashMap<>();
                for (var entry : result.layouts().entrySet()) {
                    layouts.put(entry.getKey().key(), Map.of("x", entry.getValue().x()[row], "y", entry.getValue().y()[row]));
                }
                layouts.put("cluster", result.clusters()[row]);
                Map<String, Object> doc = Map.of("layout", Map.of(space, layouts));
                String id = ids.get(row);
                operations.add(BulkOperation.of(b -> b.update(u -> u.index(index).id(id).action(a -> a.doc(doc)))));
            }
            BulkResponse response = client.bulk(b -> b.operations(operations));
            if (response.errors()) {
                for (BulkResponseItem item : response.items()) {
                    if (item.error() != null) {
                        throw new IOException("writing the layouts of artwork '" + item.id() + "' failed: " + item.error().reason());
                    }
                }
            }
            progress.accept(Math.min(1.0, (start + PAGE) / (double) ids.size()));
        }
        client.indices().refresh(r -> r.index(index));
        recordMeta(space, result);
    }

    /** Adds the result's layout fields to the mapping. */
    public void map(String space, MapLayouts.Result result) throws IOException {
        List<String> methods = result.layouts().keySet().stream().map(LayoutMethod::key).toList();
        String mapping = JSON.writeValueAsString(ArtworksIndex.layoutMapping(space, methods));
        client.indices().putMapping(m -> m.index(index).withJson(new StringReader(mapping)));
    }

    /**
     * Records the result's layouts in the mapping's {@code _meta}, which replaces as a whole: read it, change this
     * space's entry, put it all back. {@link #write} ends with it; a tool that wrote the fields itself calls it.
     */
    public void recordMeta(String space, MapLayouts.Result result) throws IOException {
        ObjectNode meta = meta();
        ObjectNode all = meta.has(ArtworksIndex.LAYOUTS_META) && meta.get(ArtworksIndex.LAYOUTS_META).isObject()
            ? (ObjectNode) meta.get(ArtworksIndex.LAYOUTS_META) : meta.putObject(ArtworksIndex.LAYOUTS_META);
        Map<String, ObjectNode> methods = new LinkedHashMap<>();
        if (all.path(space).path("methods").isObject()) {
            all.path(space).path("methods").properties().forEach(e -> methods.put(e.getKey(), (ObjectNode) e.getValue()));
        }
        Instant now = Instant.now();
        for (var entry : result.layouts().entrySet()) {
            methods.put(entry.getKey().key(), JSON.createObjectNode().put("count", result.ids().size())
                .put("computedAt", now.toString()).put("version", Long.toString(now.toEpochMilli(), 36))
                .put("millis", entry.getValue().millis()));
        }
        ObjectNode entry = ArtworksIndex.layoutMeta(result.k(), methods);
        // the clusters are recomputed with every run, and every layout of the space shows them
        entry.put("clustersVersion", Long.toString(now.toEpochMilli(), 36));
        all.set(space, entry);
        String body = JSON.writeValueAsString(JSON.createObjectNode().set("_meta", meta));
        client.indices().putMapping(m -> m.index(index).withJson(new StringReader(body)));
    }

    /** The mapping's {@code _meta} (of the first index, when the name is an alias), empty when there is none. */
    public ObjectNode meta() throws IOException {
        GetMappingResponse mapping = client.indices().getMapping(m -> m.index(index));
        ObjectNode meta = JSON.createObjectNode();
        for (var m : mapping.mappings().values()) {
            Map<String, JsonData> found = m.mappings().meta();
            if (found != null) {
                for (var e : found.entrySet()) {
                    meta.set(e.getKey(), JSON.readTree(e.getValue().toJson().toString()));
                }
            }
            break;
        }
        return meta;
    }
}

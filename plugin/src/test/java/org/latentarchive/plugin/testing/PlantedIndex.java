package org.latentarchive.plugin.testing;

import org.latentarchive.vectors.testing.PlantedVectors;
import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.support.WriteRequest;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentFactory;

import java.io.IOException;
import java.util.Map;

import static org.junit.Assert.assertFalse;

/**
 * Writes {@link PlantedVectors} into an index: document i has _id "doc-i", the vector in {@code vec} (cosine),
 * its planted group in {@code group} (keyword, "g0".."gN") and its number in {@code n} (integer).
 */
public final class PlantedIndex {

    public static final String FIELD = "vec";

    private PlantedIndex() {}

    public static void create(Client client, String index, int shards, PlantedVectors data) throws IOException {
        create(client, index, shards, data, "cosine");
    }

    public static void create(Client client, String index, int shards, PlantedVectors data, String similarity) throws IOException {
        XContentBuilder mapping = XContentFactory.jsonBuilder().startObject().startObject("properties")
            .startObject(FIELD).field("type", "dense_vector").field("dims", data.dims()).field("index", true)
            .field("similarity", similarity).startObject("index_options").field("type", "hnsw").endObject().endObject()
            .startObject("group").field("type", "keyword").endObject()
            .startObject("n").field("type", "integer").endObject()
            .endObject().endObject();
        client.admin().indices().prepareCreate(index)
            .setSettings(Settings.builder().put("index.number_of_shards", shards).put("index.number_of_replicas", 0))
            .setMapping(mapping)
            .get();
        BulkRequestBuilder bulk = client.prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 0; i < data.size(); i++) {
            bulk.add(client.prepareIndex(index).setId(id(i)).setSource(Map.of(FIELD, data.vectors()[i], "group", group(data.labels()[i]), "n", i)));
        }
        var response = bulk.get();
        assertFalse(response.buildFailureMessage(), response.hasFailures());
    }

    public static String id(int i) {
        return "doc-" + i;
    }

    public static int number(String id) {
        return Integer.parseInt(id.substring("doc-".length()));
    }

    public static String group(int label) {
        return "g" + label;
    }
}

package org.latentarchive.plugin.agg;

import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.search.aggregations.BaseAggregationTestCase;
import org.elasticsearch.xcontent.XContentParseException;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.json.JsonXContent;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.latentarchive.plugin.agg.ClusterOptions.Algorithm;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

public class VectorClustersAggregationBuilderTests extends BaseAggregationTestCase<VectorClustersAggregationBuilder> {

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(LatentArchivePlugin.class);
    }

    @Override
    protected VectorClustersAggregationBuilder createTestAggregatorBuilder() {
        return new VectorClustersAggregationBuilder(randomAlphaOfLengthBetween(3, 10)).field(randomAlphaOfLengthBetween(3, 20))
            .options(ClusterOptionsTests.randomOptions());
    }

    public void testParsesTheContractExample() throws IOException {
        String json = """
            {"field": "vectors.mobilenet_v2", "k": 8, "algorithm": "ward", "seed": 7, "max_iterations": 50,
             "representatives": 5, "centroids": false, "positions": true, "dendrogram": true}""";
        try (XContentParser parser = createParser(JsonXContent.jsonXContent, json)) {
            VectorClustersAggregationBuilder builder = VectorClustersAggregationBuilder.parse(parser, "clusters");
            assertThat(builder.field(), equalTo("vectors.mobilenet_v2"));
            assertThat(builder.options(), equalTo(new ClusterOptions(8, Algorithm.WARD, 7, 50, 5, false, true, true)));
        }
    }

    /** micro_clusters is checked against k once the request is read, whichever of the two comes first. */
    public void testMicroClustersWhateverTheOrderOfTheFields() throws IOException {
        for (String json : new String[] { "{\"field\": \"v\", \"micro_clusters\": 10, \"k\": 4}",
            "{\"field\": \"v\", \"k\": 4, \"micro_clusters\": 10}" }) {
            try (XContentParser parser = createParser(JsonXContent.jsonXContent, json)) {
                ClusterOptions options = VectorClustersAggregationBuilder.parse(parser, "c").options();
                assertThat(json, options.microClusterCapacity(), equalTo(10));
            }
        }
    }

    public void testDefaults() throws IOException {
        try (XContentParser parser = createParser(JsonXContent.jsonXContent, "{\"field\": \"v\"}")) {
            assertThat(VectorClustersAggregationBuilder.parse(parser, "c").options(), equalTo(ClusterOptions.DEFAULTS));
        }
    }

    public void testRejectsWhatItDoesNotKnow() throws IOException {
        for (String[] bad : new String[][] {
            { "{\"field\": \"v\", \"k\": 0}", "[k]" },
            { "{\"field\": \"v\", \"k\": 1001}", "[k]" },
            { "{\"field\": \"v\", \"algorithm\": \"dbscan\"}", "dbscan" },
            { "{\"field\": \"v\", \"representatives\": -1}", "[representatives]" },
            { "{\"field\": \"v\", \"max_iterations\": 0}", "[max_iterations]" },
            { "{\"field\": \"v\", \"colour\": 1}", "colour" },
            { "{\"field\": \"v\", \"micro_clusters\": 5000}", "[micro_clusters] must be 0 (chosen from k) or between 2k and 4096" },
            { "{\"field\": \"v\", \"micro_clusters\": 40, \"k\": 30}", "[micro_clusters] must be at least 2k (60 for k 30)" },
            { "{\"k\": 3}", "[field]" },
            { "{\"field\": \"v\", \"dendrogram\": true}", "[dendrogram] needs [algorithm] [ward]" },
            { "{\"field\": \"v\", \"algorithm\": \"kmeans\", \"dendrogram\": true}", "k-means builds no merge tree" } }) {
            try (XContentParser parser = createParser(JsonXContent.jsonXContent, bad[0])) {
                Exception e = expectThrows(Exception.class, () -> VectorClustersAggregationBuilder.parse(parser, "c"));
                String message = e.getMessage() + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
                assertThat(bad[0], message, containsString(bad[1]));
                assertTrue(e instanceof XContentParseException || e instanceof IllegalArgumentException);
            }
        }
    }
}

package org.latentarchive.plugin.agg;

import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.support.WriteRequest;
import org.elasticsearch.common.bytes.BytesArray;
import org.elasticsearch.common.network.NetworkModule;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.transport.TransportAddress;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.search.aggregations.bucket.terms.StringTerms;
import org.elasticsearch.search.aggregations.bucket.terms.TermsAggregationBuilder;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentFactory;
import org.elasticsearch.xcontent.XContentType;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.latentarchive.vectors.testing.PlantedVectors;
import org.latentarchive.vectors.VectorMath;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertAcked;
import static org.elasticsearch.test.hamcrest.ElasticsearchAssertions.assertNoFailuresAndResponse;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * vector_clusters on a real two-node cluster with three shards, over planted groups: through the Java client and as
 * JSON over HTTP (Netty), including the requests that must be answered 400.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
@ESIntegTestCase.SuiteScopeTestCase
public class VectorClustersIT extends ESIntegTestCase {

    private static final String INDEX = "artworks";
    private static final String FIELD = "vectors.mobilenet_v2";
    private static final int DOCS = 600;
    private static final int DIMS = 64;
    private static final int GROUPS = 6;

    private static final String WIDE_INDEX = "artworks-wide";

    private static PlantedVectors planted;
    private static PlantedVectors wide;

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(LatentArchivePlugin.class, Netty4Plugin.class);
    }

    @Override
    protected boolean addMockHttpTransport() {
        return false;
    }

    @Override
    protected Settings nodeSettings(int nodeOrdinal, Settings otherSettings) {
        return Settings.builder()
            .put(super.nodeSettings(nodeOrdinal, otherSettings))
            .put(NetworkModule.TRANSPORT_TYPE_KEY, Netty4Plugin.NETTY_TRANSPORT_NAME)
            .put(NetworkModule.HTTP_TYPE_KEY, Netty4Plugin.NETTY_HTTP_TRANSPORT_NAME)
            .build();
    }

    @Override
    protected void setupSuiteScopeCluster() throws Exception {
        planted = PlantedVectors.generate(7, DOCS, DIMS, GROUPS, 0.3);
        XContentBuilder mapping = XContentFactory.jsonBuilder()
            .startObject()
            .startObject("properties")
            .startObject(FIELD)
            .field("type", "dense_vector")
            .field("dims", DIMS)
            .field("similarity", "cosine")
            .endObject()
            .startObject("group")
            .field("type", "keyword")
            .endObject()
            .startObject("unindexed")
            .field("type", "dense_vector")
            .field("dims", DIMS)
            .field("index", false)
            .endObject()
            .startObject("bits")
            .field("type", "dense_vector")
            .field("dims", DIMS)
            .field("element_type", "bit")
            .endObject()
            .startObject("even")
            .field("type", "boolean")
            .endObject()
            .startObject("title")
            .field("type", "text")
            .endObject()
            .endObject()
            .endObject();
        assertAcked(prepareCreate(INDEX).setSettings(indexSettings(3, 0)).setMapping(mapping));
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 0; i < DOCS; i++) {
            XContentBuilder source = XContentFactory.jsonBuilder()
                .startObject()
                .array(FIELD, planted.vectors()[i])
                .field("group", "g" + planted.labels()[i])
                // half of every planted group (labels cycle through the documents, so i % 2 would not do)
                .field("even", (i / GROUPS) % 2 == 0)
                .field("title", "artwork " + i)
                .endObject();
            bulk.add(prepareIndex(INDEX).setId("A" + i).setSource(source));
        }
        assertFalse(bulk.get().hasFailures());

        // 384 dims and no index_options: Elasticsearch's default quantized HNSW (bbq) for wide vectors
        wide = PlantedVectors.generate(11, 90, 384, 3, 0.3);
        XContentBuilder wideMapping = XContentFactory.jsonBuilder()
            .startObject()
            .startObject("properties")
            .startObject(FIELD)
            .field("type", "dense_vector")
            .field("dims", 384)
            .field("similarity", "cosine")
            .endObject()
            .endObject()
            .endObject();
        assertAcked(prepareCreate(WIDE_INDEX).setSettings(indexSettings(2, 0)).setMapping(wideMapping));
        BulkRequestBuilder wideBulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 0; i < wide.size(); i++) {
            XContentBuilder source = XContentFactory.jsonBuilder().startObject().array(FIELD, wide.vectors()[i]).endObject();
            wideBulk.add(prepareIndex(WIDE_INDEX).setId("W" + i).setSource(source));
        }
        assertFalse(wideBulk.get().hasFailures());
        ensureGreen(INDEX, WIDE_INDEX);
    }

    public void testQuantizedIndexesAreClusteredOnTheirRawVectors() {
        assertNoFailuresAndResponse(
            prepareSearch(WIDE_INDEX).setSize(0)
                .addAggregation(new VectorClustersAggregationBuilder("clusters").field(FIELD).k(3).centroids(true)),
            response -> {
                InternalVectorClusters result = response.getAggregations().get("clusters");
                assertThat(result.getBuckets(), hasSize(3));
                for (InternalVectorClusters.Bucket bucket : result.getBuckets()) {
                    assertThat(bucket.getDocCount(), equalTo(30L));
                    // the centroid is the mean of the group's unit vectors, exactly: no quantization error
                    int label = wide.labels()[Integer.parseInt(bucket.candidates().get(0).id().substring(1))];
                    double[] mean = new double[384];
                    for (int i = 0; i < wide.size(); i++) {
                        if (wide.labels()[i] == label) {
                            VectorMath.addScaled(mean, VectorMath.normalized(wide.vectors()[i]), 1.0 / 30);
                        }
                    }
                    float[] centroid = bucket.centroid();
                    for (int d = 0; d < 384; d++) {
                        assertEquals(mean[d], centroid[d], 1e-5);
                    }
                }
            }
        );
    }

    public void testRecoversPlantedGroupsAcrossShardsWithRightSubAggregations() {
        VectorClustersAggregationBuilder clusters = new VectorClustersAggregationBuilder("clusters").field(FIELD)
            .k(GROUPS)
            .seed(randomLong())
            .subAggregation(new TermsAggregationBuilder("groups").field("group").size(GROUPS + 1));
        assertNoFailuresAndResponse(
            prepareSearch(INDEX).setSize(0)
                .setQuery(QueryBuilders.boolQuery().filter(QueryBuilders.termQuery("even", true)))
                .addAggregation(clusters),
            response -> {
                InternalVectorClusters result = response.getAggregations().get("clusters");
                assertThat(result.getBuckets(), hasSize(GROUPS));
                long total = 0;
                // contingency table bucket x planted group, read from each bucket's terms sub-aggregation
                long[][] table = new long[GROUPS][GROUPS];
                Map<String, Long> perGroup = new HashMap<>();
                for (InternalVectorClusters.Bucket bucket : result.getBuckets()) {
                    total += bucket.getDocCount();
                    StringTerms terms = bucket.getAggregations().get("groups");
                    long inTerms = 0;
                    for (StringTerms.Bucket term : terms.getBuckets()) {
                        int group = Integer.parseInt(term.getKeyAsString().substring(1));
                        table[bucket.getKey()][group] += term.getDocCount();
                        inTerms += term.getDocCount();
                        perGroup.merge(term.getKeyAsString(), term.getDocCount(), Long::sum);
                    }
                    assertThat(inTerms, equalTo(bucket.getDocCount()));
                    for (InternalVectorClusters.Candidate representative : bucket.candidates()) {
                        int doc = Integer.parseInt(representative.id().substring(1));
                        assertThat("only matched documents represent a bucket", (doc / GROUPS) % 2, equalTo(0));
                    }
                }
                assertThat(total, equalTo((long) DOCS / 2));
                assertThat(response.getHits().getTotalHits().value(), equalTo((long) DOCS / 2));
                // every planted group is whole in the sub-aggregations: 50 even documents each
                for (int g = 0; g < GROUPS; g++) {
                    assertThat(perGroup.get("g" + g), equalTo((long) DOCS / 2 / GROUPS));
                }
                assertThat(adjustedRandIndex(table), greaterThanOrEqualTo(0.9));
            }
        );
    }

    public void testTheSameRequestGivesTheSameClusters() {
        long seed = randomLong();
        List<List<Object>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            assertNoFailuresAndResponse(
                prepareSearch(INDEX).setSize(0)
                    .addAggregation(new VectorClustersAggregationBuilder("clusters").field(FIELD).k(4).seed(seed)),
                response -> {
                    InternalVectorClusters result = response.getAggregations().get("clusters");
                    List<Object> summary = new ArrayList<>();
                    for (InternalVectorClusters.Bucket bucket : result.getBuckets()) {
                        summary.add(bucket.getDocCount());
                        summary.add(bucket.candidates().stream().map(InternalVectorClusters.Candidate::id).toList());
                    }
                    summary.add(result.inertia());
                    runs.add(summary);
                }
            );
        }
        assertThat(runs.get(1), equalTo(runs.get(0)));
    }

    public void testJsonOverHttp() throws Exception {
        String body = """
            {"size": 0, "aggs": {"clusters": {"vector_clusters": {"field": "%s", "k": %d, "algorithm": "ward", "seed": 3,
              "representatives": 2, "centroids": true, "positions": true, "dendrogram": true},
              "aggs": {"groups": {"terms": {"field": "group"}}}}}}""".replace("%s", FIELD).replace("%d", Integer.toString(GROUPS));
        HttpResult ok = post("/" + INDEX + "/_search", body);
        assertThat(ok.body, ok.status, equalTo(200));
        Map<String, Object> clusters = path(ok.json(), "aggregations", "clusters");
        assertThat(clusters.get("algorithm"), equalTo("ward"));
        assertTrue(((Number) clusters.get("inertia")).doubleValue() > 0);
        List<Map<String, Object>> buckets = list(clusters.get("buckets"));
        assertThat(buckets, hasSize(GROUPS));
        long total = 0;
        for (int i = 0; i < buckets.size(); i++) {
            Map<String, Object> bucket = buckets.get(i);
            assertThat(bucket.get("key"), equalTo(i));
            total += ((Number) bucket.get("doc_count")).longValue();
            List<Map<String, Object>> representatives = list(bucket.get("representatives"));
            assertThat(representatives, hasSize(2));
            assertTrue(representatives.get(0).get("id").toString().startsWith("A"));
            assertThat(list(bucket.get("position")), hasSize(2));
            assertThat(list(bucket.get("centroid")), hasSize(DIMS));
            Map<String, Object> groups = path(bucket, "groups");
            // planted groups are pure buckets: the terms sub-aggregation has one group, as large as the bucket
            List<Map<String, Object>> terms = list(groups.get("buckets"));
            assertThat(terms, hasSize(1));
            assertThat(terms.get(0).get("doc_count"), equalTo(bucket.get("doc_count")));
        }
        assertThat(total, equalTo((long) DOCS));
        List<Map<String, Object>> dendrogram = list(clusters.get("dendrogram"));
        assertThat(dendrogram, hasSize(GROUPS - 1));
        assertThat(((Number) dendrogram.get(GROUPS - 2).get("size")).longValue(), equalTo((long) DOCS));

        assertBadRequest(aggBody("\"field\": \"no_such_field\", \"k\": 3"), "no_such_field");
        assertBadRequest(aggBody("\"field\": \"title\", \"k\": 3"), "dense_vector");
        assertBadRequest(aggBody("\"field\": \"unindexed\", \"k\": 3"), "must be indexed");
        assertBadRequest(aggBody("\"field\": \"bits\", \"k\": 3"), "bit vectors");
        assertBadRequest(aggBody("\"field\": \"" + FIELD + "\", \"k\": 0"), "[k]");
        assertBadRequest(aggBody("\"field\": \"" + FIELD + "\", \"k\": 1001"), "[k]");
        assertBadRequest(aggBody("\"field\": \"" + FIELD + "\", \"k\": 700"), "[k] = [700]");
        assertBadRequest(aggBody("\"field\": \"" + FIELD + "\", \"algorithm\": \"dbscan\""), "dbscan");
        assertBadRequest(aggBody("\"field\": \"" + FIELD + "\", \"colour\": true"), "colour");
        assertBadRequest(aggBody("\"k\": 3"), "[field]");
    }

    private static String aggBody(String options) {
        return "{\"size\": 0, \"aggs\": {\"c\": {\"vector_clusters\": {" + options + "}}}}";
    }

    private void assertBadRequest(String body, String reasonPart) throws Exception {
        HttpResult result = post("/" + INDEX + "/_search", body);
        assertThat(body + " -> " + result.body, result.status, equalTo(400));
        assertThat(result.body, containsString(reasonPart));
    }

    private record HttpResult(int status, String body) {
        Map<String, Object> json() {
            return XContentHelper.convertToMap(new BytesArray(body), false, XContentType.JSON).v2();
        }
    }

    private HttpResult post(String path, String body) throws Exception {
        TransportAddress address = internalCluster().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (HttpClient client = HttpClient.newBuilder().executor(executor).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address.getAddress() + ":" + address.getPort() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new HttpResult(response.statusCode(), response.body());
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(Map<String, Object> map, String... keys) {
        Map<String, Object> current = map;
        for (String key : keys) {
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return (List<T>) value;
    }

    /** Adjusted Rand index from a contingency table (rows: buckets, columns: planted groups). */
    static double adjustedRandIndex(long[][] table) {
        List<Integer> truth = new ArrayList<>();
        List<Integer> predicted = new ArrayList<>();
        for (int r = 0; r < table.length; r++) {
            for (int c = 0; c < table[r].length; c++) {
                for (long n = 0; n < table[r][c]; n++) {
                    truth.add(c);
                    predicted.add(r);
                }
            }
        }
        return AdjustedRandIndex.of(
            truth.stream().mapToInt(Integer::intValue).toArray(),
            predicted.stream().mapToInt(Integer::intValue).toArray()
        );
    }
}

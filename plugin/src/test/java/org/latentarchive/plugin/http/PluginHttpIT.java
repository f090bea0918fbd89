package org.latentarchive.plugin.http;

import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.common.network.NetworkModule;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.elasticsearch.xcontent.XContentType;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.latentarchive.plugin.testing.BruteForce;
import org.latentarchive.plugin.testing.PlantedIndex;
import org.latentarchive.vectors.testing.PlantedVectors;

import java.io.IOException;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The DSL as users send it: JSON over HTTP to a node running Netty, answers checked as JSON, and every malformed
 * request answered 400 with a reason that names the problem.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class PluginHttpIT extends ESIntegTestCase {

    private static final String INDEX = "http";
    private static final PlantedVectors DATA = PlantedVectors.generate(3, 200, 16, 4, 0.5);

    @Override
    protected boolean addMockHttpTransport() {
        return false;
    }

    @Override
    protected Settings nodeSettings(int nodeOrdinal, Settings otherSettings) {
        return Settings.builder().put(super.nodeSettings(nodeOrdinal, otherSettings))
            .put(NetworkModule.TRANSPORT_TYPE_KEY, Netty4Plugin.NETTY_TRANSPORT_NAME)
            .put(NetworkModule.HTTP_TYPE_KEY, Netty4Plugin.NETTY_HTTP_TRANSPORT_NAME)
            .build();
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(LatentArchivePlugin.class, Netty4Plugin.class);
    }

    @org.junit.Before
    public void indexOnce() throws Exception {
        if (indexExists(INDEX) == false) {
            PlantedIndex.create(client(), INDEX, 3, DATA);
            ensureGreen(INDEX);
        }
    }

    public void testFarthestNeighboursByIdWithAFilterOverHttp() throws IOException {
        Map<String, Object> response = send("POST", "/" + INDEX + "/_search", """
            {"size": 5, "_source": false,
             "query": {"bool": {
               "must": {"vector_neighbours": {"field": "vec", "id": "doc-4", "direction": "farthest"}},
               "filter": {"term": {"group": "g1"}}}}}""");
        List<String> ids = hitIds(response);
        List<String> expected = BruteForce.byCosine(DATA, DATA.vectors()[4], 5, true, i -> DATA.labels()[i] == 1 && i != 4)
            .stream().map(PlantedIndex::id).toList();
        assertThat(ids, equalTo(expected));
    }

    public void testWalkOverHttpReturnsThePathInOrder() throws IOException {
        Map<String, Object> response = send("POST", "/" + INDEX + "/_latent_walk", """
            {"field": "vec", "from": {"id": "doc-0"}, "to": {"id": "doc-3"}, "steps": 4, "exact": true,
             "_source": ["group"]}""");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> path = (List<Map<String, Object>>) response.get("path");
        assertThat(path.size(), equalTo(6));
        assertThat(path.get(0).get("_id"), equalTo("doc-0"));
        assertThat(path.get(5).get("_id"), equalTo("doc-3"));
        for (int i = 0; i < path.size(); i++) {
            assertThat(path.get(i).get("step"), equalTo(i));
            assertTrue(path.get(i).containsKey("distance"));
            assertThat(((Map<?, ?>) path.get(i).get("_source")).keySet(), equalTo(java.util.Set.of("group")));
        }
        assertThat(response.get("field"), equalTo("vec"));
    }

    public void testMalformedNeighbourQueriesAnswer400WithTheReason() throws IOException {
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "nope", "vector": [1, 2]}}}""", "field [nope] does not exist in the mapping");
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "group", "vector": [1, 2]}}}""", "field [group] is of type [keyword], not [dense_vector]");
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "vec", "vector": [1, 2]}}}""", "the vector has 2 dimensions but field [vec] has 16");
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "vec", "id": "missing"}}}""", "artwork [missing] does not exist in [http]");
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "vec", "id": "doc-1", "colour": "red"}}}""", "unknown field [colour]");
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "vec"}}}""", "[vector_neighbours] requires [id], [vector] or [like]");
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "vec", "id": "doc-1", "vector": [1, 2]}}}""",
            "[vector_neighbours] takes [id] or [vector], not both");
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "vec", "vector": [1, 1e39]}}}""",
            "[vector_neighbours] [vector] component [1] overflows a float");
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "nope", "id": "doc-1"}}}""", "field [nope] is not a dense_vector field of index [http]");
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "group", "id": "doc-1"}}}""", "field [group] is not a dense_vector field of index [http]");
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "vec", "id": "doc-1", "direction": "up"}}}""",
            "unknown direction [up], expected one of [nearest, farthest]");
        assertBadRequest("/" + INDEX + "/_search", """
            {"query": {"vector_neighbours": {"field": "vec", "id": "doc-1", "num_candidates": 0}}}""",
            "[num_candidates] must be between 1 and 10000, got 0");
    }

    public void testLikeAndUnlikeOverHttpEqualBruteForceRocchio() throws IOException {
        Map<String, Object> response = send("POST", "/" + INDEX + "/_search", """
            {"size": 6, "_source": false,
             "query": {"vector_neighbours": {"field": "vec",
               "like": [{"id": "doc-2"}, {"id": "doc-9", "weight": 0.5}], "unlike": [{"id": "doc-40"}]}}}""");
        float[] q = org.latentarchive.vectors.Rocchio.query(
            List.of(org.latentarchive.vectors.Rocchio.Example.of(DATA.vectors()[2]), new org.latentarchive.vectors.Rocchio.Example(DATA.vectors()[9], 0.5)),
            List.of(org.latentarchive.vectors.Rocchio.Example.of(DATA.vectors()[40])), true);
        List<String> expected = BruteForce.byCosine(DATA, q, 6, false, i -> i != 2 && i != 9 && i != 40).stream().map(PlantedIndex::id).toList();
        assertThat(hitIds(response), equalTo(expected));
        // the walk takes the same examples as an end
        Map<String, Object> walk = send("POST", "/" + INDEX + "/_latent_walk", """
            {"field": "vec", "from": {"like": [{"id": "doc-2"}, {"id": "doc-9", "weight": 0.5}], "unlike": [{"id": "doc-40"}]},
             "to": {"id": "doc-3"}, "steps": 3, "exact": true, "_source": false}""");
        assertThat(((List<?>) walk.get("path")).size(), equalTo(5));
    }

    public void testMalformedFeedbackAnswers400WithTheReason() throws IOException {
        String search = "/" + INDEX + "/_search";
        assertBadRequest(search, """
            {"query": {"vector_neighbours": {"field": "vec", "like": []}}}""", "[vector_neighbours] [like] must name at least one artwork or vector");
        assertBadRequest(search, """
            {"query": {"vector_neighbours": {"field": "vec", "unlike": [{"id": "doc-1"}]}}}""",
            "[unlike] alone has nothing to move away from");
        assertBadRequest(search, """
            {"query": {"vector_neighbours": {"field": "vec", "like": [{"id": "doc-1"}, {"id": "ghost"}]}}}""",
            "artwork [ghost] does not exist in [http]");
        assertBadRequest(search, """
            {"query": {"vector_neighbours": {"field": "vec", "like": [{"vector": [1, 2]}, {"vector": [1, 2, 3]}]}}}""",
            "examples of different dimensions: a given vector has 2, a given vector has 3");
        assertBadRequest(search, """
            {"query": {"vector_neighbours": {"field": "vec", "like": [{"id": "doc-1"}], "unlike": [{"vector": [1, 2]}]}}}""",
            "examples of different dimensions: artwork [doc-1] has 16, a given vector has 2");
        assertBadRequest(search, """
            {"query": {"vector_neighbours": {"field": "group", "like": [{"id": "doc-1"}]}}}""",
            "field [group] is not a dense_vector field of index [http]");
        assertBadRequest(search, """
            {"query": {"vector_neighbours": {"field": "vec", "like": [{"id": "doc-1", "weight": -1}]}}}""",
            "an example's [weight] must be positive and finite, got -1.0");
        assertBadRequest(search, """
            {"query": {"vector_neighbours": {"field": "vec", "like": [{"id": "doc-1"}], "unlike": [{"id": "doc-1"}]}}}""",
            "the liked and unliked examples cancel out");
        assertBadRequest("/" + INDEX + "/_latent_walk", """
            {"field": "vec", "from": {"like": [{"id": "ghost"}]}, "to": {"id": "doc-1"}}""", "artwork [ghost] does not exist in [http]");
    }

    public void testMalformedWalksAnswer400WithTheReason() throws IOException {
        String walk = "/" + INDEX + "/_latent_walk";
        assertBadRequest(walk, """
            {"field": "vec", "from": {"id": "doc-0"}, "to": {"id": "doc-1"}, "steps": 0}""", "[steps] must be between 1 and 500, got 0");
        assertBadRequest(walk, """
            {"field": "vec", "from": {"id": "doc-0"}, "to": {"id": "doc-1"}, "pick": "random_top_k", "k": 101}""",
            "[k] must be between 1 and 100, got 101");
        assertBadRequest(walk, """
            {"field": "vec", "from": {"id": "doc-0"}}""", "[to] is required");
        assertBadRequest(walk, """
            {"field": "vec", "from": {"id": "doc-0"}, "to": {"id": "nobody"}}""", "artwork [nobody] does not exist in [http]");
        assertBadRequest(walk, """
            {"field": "vec", "from": {"id": "doc-0"}, "to": {"id": "doc-1"}, "stride": 3}""", "unknown field [stride]");
        assertBadRequest(walk, """
            {"field": "nope", "from": {"id": "doc-0"}, "to": {"vector": [1, 2]}}""", "field [nope] is not a dense_vector field of index [http]");
        assertBadRequest(walk, """
            {"field": "vec", "from": {"id": "doc-0", "vector": [1]}, "to": {"id": "doc-1"}}""", "exactly one of [id], [vector] or [like] / [unlike]");
        assertBadRequest(walk, """
            {"field": "vec", "from": {"id": "doc-0"}, "to": {"vector": [1e39, 0]}}""",
            "a walk endpoint's [vector] component [0] overflows a float");
    }

    private static void assertBadRequest(String path, String body, String reason) throws IOException {
        ResponseException e = expectThrows(ResponseException.class, () -> send("POST", path, body));
        Response response = e.getResponse();
        String text = new String(response.getEntity().getContent().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body + " -> " + text, response.getStatusLine().getStatusCode(), equalTo(400));
        assertThat(text, containsString(reason));
    }

    private static Map<String, Object> send(String method, String path, String json) throws IOException {
        Request request = new Request(method, path);
        request.setJsonEntity(json);
        Response response = getRestClient().performRequest(request);
        return XContentHelper.convertToMap(XContentType.JSON.xContent(), response.getEntity().getContent(), false);
    }

    @SuppressWarnings("unchecked")
    private static List<String> hitIds(Map<String, Object> response) {
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) response.get("hits")).get("hits");
        return hits.stream().map(h -> (String) h.get("_id")).toList();
    }

}

package org.latentarchive.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentarchive.index.ArtworksIndex;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three development nodes form one cluster; an artworks index of 3 primaries and 1 replica spreads over them and goes
 * green; vector_neighbours answers over all shards exactly as brute force does; the cluster comes back whole from its
 * data folders after a full stop (started without the bootstrap list).
 */
class LocalClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIMS = 16;
    private static final int DOCS = 90;

    @Test
    void threeNodesFormOneClusterThatAnswersAsBruteForceAndSurvivesARestart(@TempDir Path dir) throws Exception {
        Path dist = Path.of(System.getProperty("devnode.dist", "../devnode/target/devnode"));
        Random random = new Random(7);
        List<float[]> vectors = IntStream.range(0, DOCS).mapToObj(i -> randomVector(random)).toList();
        List<String> expected;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            try (LocalCluster cluster = LocalCluster.start(dist, dir, 3, 0, 0, "512m", Duration.ofMinutes(4))) {
                ClusterHttp es = new ClusterHttp(http, cluster.url(1));
                JsonNode nodes = es.get("/_nodes/plugins");
                assertEquals(3, nodes.path("_nodes").path("successful").asInt(), nodes.toString());
                for (JsonNode node : nodes.path("nodes")) {
                    assertTrue(node.path("plugins").toString().contains("\"latent-archive\""), node.toString());
                }

                ObjectNode body = ArtworksIndex.indexBody(ArtworksIndex.DEFAULT_SPACE, DIMS, 3, 1);
                es.send("PUT", "/artworks", body);
                StringBuilder bulk = new StringBuilder();
                for (int i = 0; i < DOCS; i++) {
                    bulk.append("{\"index\":{\"_index\":\"artworks\",\"_id\":\"A").append(i).append("\"}}\n");
                    ObjectNode doc = JSON.createObjectNode().put("object_number", "A" + i);
                    doc.putObject("vectors").set(ArtworksIndex.DEFAULT_SPACE, JSON.valueToTree(vectors.get(i)));
                    bulk.append(doc).append('\n');
                }
                JsonNode indexed = es.bulk(bulk.toString());
                assertFalse(indexed.path("errors").asBoolean(), indexed.toString());
                es.send("POST", "/artworks/_refresh", null);
                assertTrue(cluster.awaitGreen(0, Duration.ofMinutes(2)), "3 primaries and their replicas are placed");

                JsonNode shards = es.get("/_cat/shards/artworks?format=json");
                assertEquals(6, shards.size(), shards.toString());
                assertEquals(3, shardNodes(shards).size(), "every node holds shards: " + shards);

                expected = bruteForceNearest(vectors, 0, 10);
                assertEquals(expected, nearest(es, "A0"), "nearest neighbours over 3 shards on 3 nodes");
            }
            try (LocalCluster cluster = LocalCluster.start(dist, dir, 3, 0, 0, "512m", Duration.ofMinutes(4))) {
                assertTrue(cluster.awaitGreen(2, Duration.ofMinutes(2)), "the cluster recovers from its data folders");
                ClusterHttp es = new ClusterHttp(http, cluster.url(2));
                assertEquals(DOCS, es.get("/artworks/_count").path("count").asInt());
                assertEquals(expected, nearest(es, "A0"));
                for (int i = 0; i < 3; i++) {
                    String log = Files.readString(dir.resolve(LocalCluster.nodeName(i)).resolve("elasticsearch.log"));
                    assertTrue(log.contains("cluster UUID"), "each node writes its own log");
                }
            }
        }
    }

    private static List<String> shardNodes(JsonNode shards) {
        List<String> nodes = new ArrayList<>();
        shards.forEach(s -> {
            if (!nodes.contains(s.path("node").asText())) {
                nodes.add(s.path("node").asText());
            }
        });
        return nodes;
    }

    private static List<String> nearest(ClusterHttp es, String id) throws Exception {
        ObjectNode query = JSON.createObjectNode().put("size", 10);
        query.putObject("query").putObject("vector_neighbours")
            .put("field", ArtworksIndex.vectorField(ArtworksIndex.DEFAULT_SPACE)).put("id", id);
        query.putArray("_source").add("object_number");
        List<String> ids = new ArrayList<>();
        es.send("POST", "/artworks/_search", query).path("hits").path("hits").forEach(h -> ids.add(h.path("_id").asText()));
        return ids;
    }

    private static List<String> bruteForceNearest(List<float[]> vectors, int of, int k) {
        return IntStream.range(0, vectors.size()).filter(i -> i != of).boxed()
            .sorted(Comparator.comparingDouble(i -> -cosine(vectors.get(of), vectors.get(i))))
            .limit(k).map(i -> "A" + i).toList();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static float[] randomVector(Random random) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}

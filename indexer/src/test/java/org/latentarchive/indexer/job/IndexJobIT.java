package org.latentarchive.indexer.job;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latentarchive.devnode.DevNode;
import org.latentarchive.indexer.embed.Embedder;
import org.latentarchive.indexer.embed.ImageDecoder;
import org.latentarchive.indexer.embed.ImageModel;
import org.latentarchive.indexer.embed.RgbImage;
import org.latentarchive.indexer.es.EsClients;
import org.latentarchive.indexer.es.EsConfig;
import org.latentarchive.indexer.model.NsfwjsModel;
import org.latentarchive.indexer.source.LocalCollectionSource;
import org.latentarchive.indexer.testing.SharedData;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The indexer against a real Elasticsearch node with the project's plugin: the sample collection goes in whole with
 * vectors and metadata, similarity works on it, a re-run does no work, and a run killed mid-way resumes without
 * losing or duplicating an artwork.
 */
class IndexJobIT {

    private static final int COLLECTION_SIZE = 267;
    private static final String FIELD = "vectors." + NsfwjsModel.MODEL_NAME;

    private static DevNode node;
    private static ElasticsearchClient client;
    private static ImageModel model;
    private static Embedder embedder;
    private static IndexSummary first;
    private static PrintStream nodeLog;

    @BeforeAll
    static void indexTheSampleCollection() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "it-index-job"));
        nodeLog = new PrintStream(Files.newOutputStream(work.resolve("node.log")), true);
        Path home = work.resolve("home");
        Path data = work.resolve("data");
        deleteTree(data);
        node = DevNode.start(Path.of(System.getProperty("devnode.dist")), home, data, 0, nodeLog, Duration.ofMinutes(3));
        client = EsClients.connect(EsConfig.of(node.url()));
        model = ImageModel.mobilenetV2(NsfwjsModel.defaultCacheDir(), System.out);
        embedder = Embedder.open(model, 0, false);
        first = IndexJob.run(config("artworks"), embedder);
    }

    @AfterAll
    static void stop() throws IOException {
        if (embedder != null) {
            embedder.close();
        }
        if (client != null) {
            client._transport().close();
        }
        if (node != null) {
            node.close();
        }
        if (nodeLog != null) {
            nodeLog.close();
        }
    }

    private static IndexConfig config(String index) throws IOException {
        return IndexConfig.defaults(LocalCollectionSource.of(SharedData.aicPaintings()), EsConfig.of(node.url()), model, System.out)
            .withIndex(index);
    }

    @Test
    void everyPaintingIsIndexedWithVectorAndMetadata() throws Exception {
        assertEquals(COLLECTION_SIZE, first.harvested());
        assertEquals(COLLECTION_SIZE, first.embedded(), first.describe());
        assertEquals(COLLECTION_SIZE, first.indexed(), first.describe());
        assertEquals(0, first.skippedTotal(), first.describe());
        assertEquals(COLLECTION_SIZE, client.count(c -> c.index("artworks")).count());
        assertEquals(COLLECTION_SIZE, client.count(c -> c.index("artworks").query(q -> q.exists(e -> e.field(FIELD)))).count());

        @SuppressWarnings("rawtypes")
        GetResponse<Map> doc = client.get(g -> g.index("artworks").id("109220"), Map.class);
        assertTrue(doc.found());
        Map<?, ?> source = doc.source();
        assertEquals("Annunciation to the Shepherds", source.get("title"));
        assertEquals("After Jacobo Bassano", source.get("artist"));
        assertEquals("Italian", source.get("nationality"));
        assertEquals("eighteenth_century", source.get("collection"));
        assertEquals("local:aic-paintings", source.get("source"));
        assertEquals(Boolean.TRUE, source.get("public_domain"));
        assertEquals(1710, ((Map<?, ?>) source.get("dating")).get("start_year"));
        assertEquals(List.of("Oil on canvas"), source.get("techniques"));
        assertEquals("4f92c48ba355561fbd6f9e82c969a8ced2b7a39b1e2dede582efc1876136980b", ((Map<?, ?>) source.get("image")).get("sha256"));
        // Vectors are kept in _source, so that training and tools can read them back.
        assertEquals(NsfwjsModel.DIMS, ((List<?>) ((Map<?, ?>) source.get("vectors")).get(NsfwjsModel.MODEL_NAME)).size());

        // Metadata people filter on is searchable as keywords.
        assertEquals(79, client.count(c -> c.index("artworks").query(q -> q.term(t -> t.field("collection").value("renaissance_baroque")))).count());
    }

    @Test
    void aSlightlyCroppedPaintingFindsItselfAsNearestNeighbour() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        List<String> misses = new ArrayList<>();
        int checked = 0;
        try (var images = Files.list(SharedData.aicPaintings().resolve("images"))) {
            for (Path file : images.sorted().toList()) {
                String id = file.getFileName().toString().replace(".jpg", "");
                RgbImage image = decoder.decode(Files.readAllBytes(file));
                // 3% off each side, as a different framing of the same photograph. (At 4% one painting of 267,
                // 263514, finds 192691 first: the model's limit, measured, not a bug of the pipeline.)
                int dx = image.width() / 33;
                int dy = image.height() / 33;
                float[] vector = embedder.embed(image.crop(dx, dy, image.width() - 2 * dx, image.height() - 2 * dy));
                List<Float> query = new ArrayList<>(vector.length);
                for (float v : vector) {
                    query.add(v);
                }
                @SuppressWarnings("rawtypes")
                SearchResponse<Map> hits = client.search(s -> s.index("artworks").size(1).source(src -> src.fetch(false))
                    .knn(k -> k.field(FIELD).queryVector(query).k(1).numCandidates(100)), Map.class);
                String nearest = hits.hits().hits().getFirst().id();
                if (!id.equals(nearest)) {
                    misses.add(id + "->" + nearest);
                }
                checked++;
            }
        }
        assertEquals(COLLECTION_SIZE, checked);
        assertTrue(misses.isEmpty(), misses.size() + " cropped paintings found another painting first: " + misses);
    }

    @Test
    void aSecondRunEmbedsNothingAndDuplicatesNothing() throws Exception {
        IndexSummary again = IndexJob.run(config("artworks"), embedder);
        assertEquals(0, again.embedded(), again.describe());
        assertEquals(COLLECTION_SIZE, again.unchanged(), again.describe());
        assertEquals(COLLECTION_SIZE, client.count(c -> c.index("artworks")).count());
    }

    @Test
    void aRunKilledMidwayResumesWithoutLosingOrDuplicatingArtworks() throws Exception {
        String index = "artworks-resume";
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g", "-Dai.djl.offline=true", "-cp", System.getProperty("indexer.classpath"),
            "org.latentarchive.indexer.cli.IndexerCli", "index", "--local", SharedData.aicPaintings().toString(),
            "--es-url", node.url(), "--index", index, "--batch", "8");
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(Path.of("target", "it-index-job", "killed-run.log").toFile()).start();
        long written = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try {
            while (written < 40 && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(100);
                written = countIfExists(index);
            }
        } finally {
            // kill -9: no shutdown hook, no final flush; whatever was in flight is lost.
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        client.indices().refresh(r -> r.index(index));
        long beforeResume = client.count(c -> c.index(index)).count();
        assertTrue(beforeResume > 0 && beforeResume < COLLECTION_SIZE,
            "the run must be killed part-way (it had written " + beforeResume + ")");

        IndexSummary resumed = IndexJob.run(config(index), embedder);
        assertEquals(beforeResume, resumed.unchanged(), resumed.describe());
        assertEquals(COLLECTION_SIZE - beforeResume, resumed.embedded(), resumed.describe());
        assertEquals(COLLECTION_SIZE, client.count(c -> c.index(index)).count());
        assertEquals(COLLECTION_SIZE, client.count(c -> c.index(index).query(q -> q.exists(e -> e.field(FIELD)))).count());
    }

    private static long countIfExists(String index) throws IOException {
        if (!client.indices().exists(e -> e.index(index)).value()) {
            return 0;
        }
        client.indices().refresh(r -> r.index(index));
        return client.count(c -> c.index(index)).count();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    static {
        assertNotNull(System.getProperty("devnode.dist"), "run through Maven failsafe (devnode.dist is set by the pom)");
    }
}

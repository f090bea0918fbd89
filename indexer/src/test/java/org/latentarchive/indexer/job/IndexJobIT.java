package org.latentarchive.indexer.job;

import co.elastic.clients.elasticsearch._types.HealthStatus;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latentarchive.devnode.DevNode;
import org.latentarchive.embed.Embedder;
import org.latentarchive.embed.ImageDecoder;
import org.latentarchive.embed.ImageModel;
import org.latentarchive.embed.RgbImage;
import org.latentarchive.index.EsClients;
import org.latentarchive.index.EsConfig;
import org.latentarchive.embed.model.NsfwjsModel;
import org.latentarchive.indexer.source.LocalCollectionSource;
import org.latentarchive.embed.testing.SharedData;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void theIndexIsGreenOnASingleNode() throws Exception {
        // one replica where a cluster can place it, none on one node: a development node must not stay yellow
        var health = client.cluster().health(h -> h.index("artworks").waitForStatus(HealthStatus.Green).timeout(t -> t.time("30s")));
        assertEquals(HealthStatus.Green, health.status());
        assertFalse(health.timedOut());
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

    @Test
    void brokenAndMissingImagesAreReportedAndSkippedWhileTheRestIsIndexed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.copy(SharedData.aicPaintings().resolve("images/109220.jpg"), images.resolve("good.jpg"));
        Files.writeString(images.resolve("html.jpg"), "<html>404 Not Found</html>");
        byte[] jpeg = Files.readAllBytes(SharedData.aicPaintings().resolve("images/12683.jpg"));
        Files.write(images.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg, 20));
        Files.writeString(dir.resolve("metadata.json"), """
            [{"id": "good", "title": "Fine", "file": "images/good.jpg"},
             {"id": "html", "title": "An error page", "file": "images/html.jpg"},
             {"id": "cut", "title": "Cut short", "file": "images/cut.jpg"},
             {"id": "gone", "title": "Missing", "file": "images/gone.jpg"},
             {"title": "No number"}]
            """);
        IndexConfig config = IndexConfig.defaults(LocalCollectionSource.of(dir), EsConfig.of(node.url()), model, System.out)
            .withIndex("artworks-broken");

        IndexSummary summary = IndexJob.run(config, embedder);

        assertEquals(4, summary.harvested(), summary.describe());
        assertEquals(1, summary.embedded(), summary.describe());
        assertEquals(1, summary.indexed(), summary.describe());
        assertEquals(4, summary.skippedTotal(), summary.describe());
        assertEquals(2L, summary.skipped().get("unreadable image"), summary.describe());
        assertEquals(1L, summary.skipped().get("image unavailable"), summary.describe());
        assertEquals(1L, summary.skipped().get("no object number"), summary.describe());
        assertTrue(summary.examples().stream().anyMatch(s -> s.objectNumber().equals("gone") && s.reason().contains("missing")),
            summary.describe());
        assertEquals(1, client.count(c -> c.index("artworks-broken")).count());
    }

    @Test
    void pruningRemovesOnlyWhatTheSourceNoLongerLists(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (String id : List.of("109220", "12683", "100026")) {
            Files.copy(SharedData.aicPaintings().resolve("images/" + id + ".jpg"), images.resolve(id + ".jpg"));
        }
        Files.writeString(dir.resolve("metadata.json"), """
            [{"id": "109220", "title": "Stays", "file": "images/109220.jpg"},
             {"id": "12683", "title": "Image lost for now", "file": "images/12683.jpg"},
             {"id": "100026", "title": "Withdrawn", "file": "images/100026.jpg"}]
            """);
        String index = "artworks-prune";
        IndexConfig config = IndexConfig.defaults(LocalCollectionSource.of(dir), EsConfig.of(node.url()), model, System.out)
            .withIndex(index).withPrune(true);
        assertEquals(3, IndexJob.run(config, embedder).indexed());
        // another source's artwork in the same index is none of this source's business
        client.index(i -> i.index(index).id("KMS1").document(Map.of("object_number", "KMS1", "source", "smk")).refresh(
            co.elastic.clients.elasticsearch._types.Refresh.True));

        // the museum withdraws one work; another still listed has lost its image for the moment
        Files.delete(images.resolve("12683.jpg"));
        Files.writeString(dir.resolve("metadata.json"), """
            [{"id": "109220", "title": "Stays", "file": "images/109220.jpg"},
             {"id": "12683", "title": "Image lost for now", "file": "images/12683.jpg"}]
            """);
        IndexSummary pruned = IndexJob.run(config, embedder);

        assertEquals(1, pruned.removed(), pruned.describe());
        assertFalse(client.exists(e -> e.index(index).id("100026")).value(), "the withdrawn work is gone");
        assertTrue(client.exists(e -> e.index(index).id("12683")).value(), "a listed work whose image failed stays");
        assertTrue(client.exists(e -> e.index(index).id("KMS1")).value(), "another source's work stays");
        assertEquals(3, countIfExists(index));

        // an empty listing looks like an outage, not an empty museum: nothing is deleted
        Files.writeString(dir.resolve("metadata.json"), "[]");
        assertEquals(0, IndexJob.run(config, embedder).removed());
        assertEquals(3, countIfExists(index));

        assertThrows(IllegalArgumentException.class, () -> config.withLimit(1), "a partial harvest cannot prune");
    }

    @Test
    void threePartitionsTogetherIndexEveryArtworkExactlyOnce() throws Exception {
        String index = "artworks-partitioned";
        long embedded = 0;
        for (int i = 1; i <= 3; i++) {
            IndexSummary part = IndexJob.run(config(index).withPartition(new Partition(i, 3)), embedder);
            assertEquals(0, part.skippedTotal(), part.describe());
            assertTrue(part.harvested() > 0 && part.harvested() < COLLECTION_SIZE, part.describe());
            embedded += part.embedded();
        }
        assertEquals(COLLECTION_SIZE, embedded, "each artwork embedded by exactly one partition");
        assertEquals(COLLECTION_SIZE, countIfExists(index));
        // each partition resumes on its own: a re-run of one embeds nothing and touches only its slice
        IndexSummary again = IndexJob.run(config(index).withPartition(new Partition(2, 3)), embedder);
        assertEquals(0, again.embedded(), again.describe());
        assertTrue(again.unchanged() < COLLECTION_SIZE, again.describe());
        assertEquals(COLLECTION_SIZE, countIfExists(index));
    }

    @Test
    void aPartitionPrunesOnlyWithinItsOwnSlice(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<String> ids = List.of("109220", "12683", "100026");
        smallCollection(dir, ids, ids);
        String index = "artworks-partition-prune";
        IndexConfig config = IndexConfig.defaults(LocalCollectionSource.of(dir), EsConfig.of(node.url()), model, System.out)
            .withIndex(index).withPrune(true);
        for (int i = 1; i <= 2; i++) {
            IndexJob.run(config.withPartition(new Partition(i, 2)), embedder);
        }
        assertEquals(3, countIfExists(index));

        String withdrawn = "100026";
        int owner = Partition.sliceOf(withdrawn, 2);
        smallCollection(dir, ids, ids.stream().filter(id -> !id.equals(withdrawn)).toList());
        // the other indexer does not list the withdrawn work either, but it is not in its slice: it leaves it alone
        assertEquals(0, IndexJob.run(config.withPartition(new Partition(3 - owner, 2)), embedder).removed());
        assertTrue(client.exists(e -> e.index(index).id(withdrawn)).value());
        assertEquals(1, IndexJob.run(config.withPartition(new Partition(owner, 2)), embedder).removed());
        assertFalse(client.exists(e -> e.index(index).id(withdrawn)).value());
        assertEquals(2, countIfExists(index));
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aSecondModelAddsItsVectorsToTheIndexedArtworksAndKeepsTheFirst(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<String> ids = List.of("109220", "12683", "100026");
        smallCollection(dir, ids, ids);
        String index = "artworks-two-models";
        IndexConfig config = IndexConfig.defaults(LocalCollectionSource.of(dir), EsConfig.of(node.url()), model, System.out).withIndex(index);
        assertEquals(3, IndexJob.run(config, embedder).embedded());
        Map before = client.get(g -> g.index(index).id("109220"), Map.class).source();

        ImageModel inception = ImageModel.inceptionV3(NsfwjsModel.defaultCacheDir(), System.out);
        IndexConfig second = new IndexConfig(config.source(), config.es(), index, inception, false, 16, 2, 0, 0,
            java.time.Duration.ofSeconds(2), System.out, false, Partition.ALL);
        try (Embedder inceptionEmbedder = Embedder.open(inception, 0, false)) {
            IndexSummary added = IndexJob.run(second, inceptionEmbedder);
            assertEquals(3, added.embedded(), added.describe());
            assertEquals(0, IndexJob.run(second, inceptionEmbedder).embedded(), "only what lacks the vectors is embedded");
        }
        assertEquals(0, IndexJob.run(config, embedder).embedded(), "the first model's vectors are still current");
        Map after = client.get(g -> g.index(index).id("109220"), Map.class).source();
        Map<?, ?> vectors = (Map<?, ?>) after.get("vectors");
        assertEquals(((Map<?, ?>) before.get("vectors")).get(NsfwjsModel.MODEL_NAME), vectors.get(NsfwjsModel.MODEL_NAME));
        assertEquals(NsfwjsModel.INCEPTION_DIMS, ((List<?>) vectors.get(NsfwjsModel.INCEPTION_NAME)).size());
        assertEquals(3, client.count(c -> c.index(index).query(q -> q.exists(e -> e.field("vectors." + NsfwjsModel.INCEPTION_NAME)))).count());
    }

    @Test
    void smkArtworksAreHarvestedDownloadedAndIndexed(@org.junit.jupiter.api.io.TempDir Path cache) throws Exception {
        Path images = SharedData.aicPaintings().resolve("images");
        try (mockwebserver3.MockWebServer smk = new mockwebserver3.MockWebServer()) {
            smk.setDispatcher(new mockwebserver3.Dispatcher() {
                @Override
                public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                    String path = request.getUrl().encodedPath();
                    try {
                        if (path.endsWith("/art/search/")) {
                            String base = smk.url("/img/").toString();
                            return new mockwebserver3.MockResponse.Builder().code(200).body("{\"found\": 2, \"items\": ["
                                + smkRecord("KMS1/a", base + "100026.jpg") + "," + smkRecord("KMS 2", base + "12683.jpg") + "]}").build();
                        }
                        if (path.startsWith("/img/")) {
                            return new mockwebserver3.MockResponse.Builder().code(200)
                                .body(new okio.Buffer().write(Files.readAllBytes(images.resolve(path.substring(5))))).build();
                        }
                    } catch (IOException e) {
                        return new mockwebserver3.MockResponse.Builder().code(500).build();
                    }
                    return new mockwebserver3.MockResponse.Builder().code(404).build();
                }
            });
            smk.start();
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
            var retry = org.latentarchive.indexer.source.RetryPolicy.polite();
            var source = new org.latentarchive.indexer.source.SmkSource(
                new org.latentarchive.indexer.source.SmkClient(http, smk.url("/api/v1/").toString(), retry),
                new org.latentarchive.indexer.source.ImageFetcher(http, cache, 10 << 20, Duration.ofSeconds(30), 2, retry),
                "*", org.latentarchive.indexer.source.SmkSource.DEFAULT_FILTERS, List.of(), 2000, System.out);
            IndexConfig config = IndexConfig.defaults(source, EsConfig.of(node.url()), model, System.out).withIndex("artworks-smk");

            IndexSummary summary = IndexJob.run(config, embedder);

            assertEquals(2, summary.downloaded(), summary.describe());
            assertEquals(2, summary.indexed(), summary.describe());
            @SuppressWarnings("rawtypes")
            GetResponse<Map> doc = client.get(g -> g.index("artworks-smk").id("KMS1/a"), Map.class);
            assertTrue(doc.found());
            assertEquals("smk", doc.source().get("source"));
            assertEquals("Christen Købke", doc.source().get("artist"));
            http.dispatcher().executorService().shutdown();
        }
    }

    private static String smkRecord(String number, String thumbnail) {
        return """
            {"object_number": "%s", "titles": [{"title": "View", "language": "engelsk"}], "artist": ["Christen Købke"],
             "production_date": [{"start": "1836-01-01T00:00:00Z", "end": "1837-12-31T00:00:00Z", "period": "1836-1837"}],
             "techniques": ["Oil on canvas"], "public_domain": true, "image_thumbnail": "%s", "has_image": true}
            """.formatted(number, thumbnail);
    }

    /** A collection in {@code dir} with the images of {@code ids} from the sample collection, listing {@code listed}. */
    private static void smallCollection(Path dir, List<String> ids, List<String> listed) throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (String id : ids) {
            Path image = images.resolve(id + ".jpg");
            if (!Files.exists(image)) {
                Files.copy(SharedData.aicPaintings().resolve("images/" + id + ".jpg"), image);
            }
        }
        Files.writeString(dir.resolve("metadata.json"), "[" + String.join(",", listed.stream()
            .map(id -> "{\"id\": \"" + id + "\", \"file\": \"images/" + id + ".jpg\"}").toList()) + "]");
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

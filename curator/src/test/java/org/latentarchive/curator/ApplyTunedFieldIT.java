package org.latentarchive.curator;

import org.latentarchive.index.ArtworksIndex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentarchive.devnode.DevNode;

/** The curator loop against a real Elasticsearch node: train on planted groups, apply, stack. */
class ApplyTunedFieldIT {

    private static final String SOURCE = "vectors.mobilenet_v2";
    private static final PlantedGroups PLANTED = PlantedGroups.generate(6, 16, 4, 60, 0.5, 300, 3);

    @TempDir
    static Path dir;
    private static DevNode node;
    private static ElasticsearchClient client;
    private static ArtworkVectors artworks;
    private static TunedModel model;
    private static int applied;

    @BeforeAll
    static void indexTrainAndApply() throws IOException {
        node = DevNode.start(Path.of(System.getProperty("devnode.dist")), dir.resolve("home"), dir.resolve("data"), 0,
            new PrintStream(OutputStream.nullOutputStream()), Duration.ofMinutes(3));
        client = ElasticsearchClient.of(b -> b.host(node.url()));
        client.indices().create(c -> c.index(ArtworksIndex.DEFAULT_NAME).mappings(m -> m
            .properties("object_number", p -> p.keyword(k -> k))
            .properties("vectors", p -> p.object(o -> o.properties("mobilenet_v2",
                v -> v.denseVector(d -> d.dims(PLANTED.vectors().dims()).index(true)
                    .similarity(co.elastic.clients.elasticsearch._types.mapping.DenseVectorSimilarity.Cosine)))))));
        List<BulkOperation> docs = new ArrayList<>();
        VectorTable vectors = PLANTED.vectors();
        for (int row = 0; row < vectors.size(); row++) {
            Map<String, Object> doc = Map.of("object_number", vectors.id(row), "vectors", Map.of("mobilenet_v2", vectors.vector(row)));
            String id = vectors.id(row);
            docs.add(BulkOperation.of(b -> b.index(i -> i.index(ArtworksIndex.DEFAULT_NAME).id(id).document(doc))));
        }
        assertTrue(!client.bulk(b -> b.operations(docs).refresh(co.elastic.clients.elasticsearch._types.Refresh.True)).errors());
        artworks = new ArtworkVectors(client, ArtworksIndex.DEFAULT_NAME);

        CuratorTrainer.Options options = CuratorTrainer.Options.defaults().withLearningRate(3e-3f).withEpochs(60).withEvaluateEvery(20);
        model = CuratorJobs.train(artworks, SOURCE, PLANTED.annotations(), options, dir.resolve("models"), epoch -> { });
        applied = CuratorJobs.apply(artworks, model);
    }

    @AfterAll
    static void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void readsEveryArtworksVectorBackFromTheIndex() throws IOException {
        VectorTable read = artworks.read(SOURCE);

        assertEquals(PLANTED.vectors().size(), read.size());
        assertArrayEquals(PLANTED.vectors().vector(7), read.get(PLANTED.vectors().id(7)).orElseThrow());
    }

    @Test
    void applyWritesTheTunedFieldForEveryArtwork() throws IOException {
        assertEquals(1, model.version());
        assertEquals("vectors.tuned_1", model.field());
        assertEquals(PLANTED.vectors().size(), applied);
        assertTrue(artworks.vectorFields().contains("vectors.tuned_1"), artworks.vectorFields().toString());
        VectorTable tuned = artworks.read("vectors.tuned_1");
        assertEquals(PLANTED.vectors().size(), tuned.size());
        String id = PLANTED.vectors().id(11);
        assertArrayEquals(model.projection().apply(PLANTED.vectors().vector(11)), tuned.get(id).orElseThrow(), 1e-5f);
        // the next model takes the next version
        assertEquals(2, TunedModel.nextVersion(dir.resolve("models"), artworks.vectorFields()));
    }

    @Test
    void theSavedModelReadsBackWithItsMetricsAndSplit() throws IOException {
        TunedModel loaded = TunedModel.load(TunedModel.file(dir.resolve("models"), "vectors.tuned_1"));

        assertEquals(model.metrics(), loaded.metrics());
        assertEquals(model.heldOut(), loaded.heldOut());
        float[] probe = PLANTED.vectors().vector(3);
        assertArrayEquals(model.projection().apply(probe), loaded.projection().apply(probe), 0f);
        MeanRank.Result heldOutBefore = loaded.metrics().get(1);
        MeanRank.Result heldOutAfter = loaded.metrics().get(3);
        assertTrue(heldOutAfter.mean() < heldOutBefore.mean() - 1, loaded.metrics().toString());
    }

    @Test
    void nearestNeighboursInTheTunedFieldFollowTheCuratorsGroups() throws IOException {
        double before = sameGroupShare(SOURCE);
        double after = sameGroupShare("vectors.tuned_1");

        assertTrue(after > before + 0.3, "share of the 5 nearest neighbours in the query's group: " + before + " -> " + after);
    }

    @Test
    void stackingWritesTheConcatenatedField() throws IOException {
        CuratorJobs.StackResult result = CuratorJobs.stack(artworks,
            List.of(Stacking.Part.parse(SOURCE + ":8"), Stacking.Part.parse("vectors.tuned_1")), "stack_1",
            Optional.of(model.heldOut()), true);

        assertEquals(8 + PLANTED.vectors().dims(), result.vectors().dims());
        assertEquals(PLANTED.vectors().size(), artworks.read("vectors.stack_1").size());
        assertEquals(4, result.meanRanks().size());
        assertEquals(model.heldOut().size(), result.meanRanks().get(2).lines());
    }

    @Test
    void evaluateCommandPrintsTheMeanRankTableOfAModel() throws IOException {
        Path file = dir.resolve("lines.txt");
        PLANTED.annotations().write(file);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = org.latentarchive.curator.cli.CuratorCommands.register(
            new picocli.CommandLine(new Root())).setOut(new java.io.PrintWriter(out)).setErr(new java.io.PrintWriter(err));

        int exit = cli.execute("evaluate", "--es-url", node.url(), "-a", file.toString(), "--model", "tuned_1",
            "--models", dir.resolve("models").toString(), "-f", SOURCE, "-f", "vectors.tuned_1");

        assertEquals(0, exit, err.toString());
        String table = out.toString();
        assertTrue(table.contains("before training (vectors.mobilenet_v2), held-out lines"), table);
        assertTrue(table.contains("trained (tuned_1), held-out lines"), table);
        assertTrue(table.contains("vectors.tuned_1, all lines"), table);
        assertTrue(table.contains("chance"), table);
    }

    @Test
    void aCommandWithAMissingFieldEndsWithOneClearLine() throws IOException {
        Path file = dir.resolve("lines.txt");
        PLANTED.annotations().write(file);
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = org.latentarchive.curator.cli.CuratorCommands.register(
            new picocli.CommandLine(new Root())).setErr(new java.io.PrintWriter(err));

        int exit = cli.execute("evaluate", "--es-url", node.url(), "-a", file.toString(), "-f", "vectors.nothing");

        assertEquals(1, exit);
        assertEquals("evaluate: no artwork in index 'artworks' has a vector in field 'vectors.nothing'", err.toString().trim());
    }

    @picocli.CommandLine.Command(name = "indexer")
    static final class Root {
    }

    /** Over a handful of artworks: the share of their 5 nearest neighbours (Elasticsearch's kNN) from their own group. */
    private static double sameGroupShare(String field) throws IOException {
        int same = 0;
        int total = 0;
        VectorTable stored = artworks.read(field);
        for (int row = 0; row < PLANTED.vectors().size(); row += 7) {
            String id = PLANTED.vectors().id(row);
            List<Float> query = new ArrayList<>();
            for (float x : stored.get(id).orElseThrow()) {
                query.add(x);
            }
            SearchResponse<JsonNode> hits = client.search(s -> s.index(ArtworksIndex.DEFAULT_NAME).size(6)
                .knn(k -> k.field(field).queryVector(query).k(6).numCandidates(PLANTED.vectors().size()))
                .source(src -> src.fetch(false)), JsonNode.class);
            String group = id.substring(0, id.indexOf('-'));
            for (var hit : hits.hits().hits()) {
                if (!hit.id().equals(id)) {
                    total++;
                    if (hit.id().startsWith(group + "-")) {
                        same++;
                    }
                }
            }
        }
        return (double) same / total;
    }
}

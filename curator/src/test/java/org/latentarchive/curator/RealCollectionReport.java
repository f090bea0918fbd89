package org.latentarchive.curator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.latentarchive.embed.Embedder;
import org.latentarchive.embed.ImageDecoder;
import org.latentarchive.embed.ImageModel;
import org.latentarchive.embed.model.NsfwjsModel;

/**
 * The curator loop on the real sample collection, without Elasticsearch: embeds the 267 AIC paintings with each
 * model of {@code -Dreport.spaces} (default mobilenet_v2; e.g. mobilenet_v2,inception_v3,stack; cached under
 * {@code -Dreport.cache.dir}), derives SYNTHETIC curator judgements from their collection_id period
 * groups, trains with the prototype's settings and prints the mean-rank table. A fifth of the paintings is kept
 * out of every training and held-out line: lines among those alone show whether the tuned space carries over to
 * artworks the network never saw in a judgement.
 *
 * <p>Arguments: [annotations (1000)] [epochs (300)] [learning rate (1e-4)] [seed (0)] [annotation file to write;
 * the lines among unseen artworks go beside it, ending .unseen.txt].
 */
public final class RealCollectionReport {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        float learningRate = args.length > 2 ? Float.parseFloat(args[2]) : 1e-4f;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 0;
        Path collection = Path.of(System.getProperty("shared.dir", "../../shared")).resolve("collections/aic-paintings");
        JsonNode metadata = new ObjectMapper().readTree(collection.resolve("metadata.json").toFile());
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (JsonNode record : metadata) {
            groupOf.put(record.path("id").asText(), record.path("collection_id").asText());
        }
        // report.spaces: the spaces compared, each trained on the same judgements; "stack" is every model's vectors,
        // each reduced by whitened PCA to report.stack of its variance, concatenated (the prototype's stacking)
        List<String> spaces = List.of(System.getProperty("report.spaces", NsfwjsModel.MODEL_NAME).split(","));
        Path cacheDir = Path.of(System.getProperty("report.cache.dir", "target"));
        Map<String, VectorTable> tables = new LinkedHashMap<>();
        for (String space : spaces) {
            if (!space.equals("stack")) {
                tables.put(space, embedAll(collection, metadata, space, cacheDir.resolve("aic-" + space + ".bin")));
            }
        }
        if (spaces.contains("stack")) {
            double fraction = Double.parseDouble(System.getProperty("report.stack", "0.9"));
            List<Stacking.Part> parts = tables.keySet().stream().map(m -> new Stacking.Part("vectors." + m, java.util.Optional.of(fraction))).toList();
            tables.put("stack", Stacking.stack(new ArrayList<>(tables.values()), parts));
            System.out.printf(Locale.ROOT, "stack: %s, each whitened PCA to %.0f%% of its variance: %d dims%n",
                String.join(" + ", parts.stream().map(Stacking.Part::field).toList()), 100 * fraction, tables.get("stack").dims());
        }
        List<String> shuffled = new ArrayList<>(groupOf.keySet());
        java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
        Map<String, String> seen = new LinkedHashMap<>();
        Map<String, String> unseen = new LinkedHashMap<>();
        for (int i = 0; i < shuffled.size(); i++) {
            (i < shuffled.size() * 4 / 5 ? seen : unseen).put(shuffled.get(i), groupOf.get(shuffled.get(i)));
        }
        AnnotationSet annotations = GroupAnnotations.derive(seen, count, seed);
        AnnotationSet unseenLines = GroupAnnotations.derive(unseen, count / 4, seed + 1);
        if (args.length > 4) {
            annotations.write(Path.of(args[4]));
            unseenLines.write(Path.of(args[4].replaceAll("\\.txt$", "") + ".unseen.txt"));
        }
        CuratorTrainer.Options options = CuratorTrainer.Options.defaults().withEpochs(epochs)
            .withLearningRate(learningRate).withSeed(seed).withEvaluateEvery(Math.max(1, epochs / 10));
        List<MeanRank.Result> summary = new ArrayList<>();
        for (String space : spaces) {
            VectorTable vectors = tables.get(space);
            System.out.printf(Locale.ROOT, "== %s: %d paintings, %d dims; %d SYNTHETIC annotations from collection_id groups over %d"
                    + " of them, %d more over the other %d; %s%n", space, vectors.size(), vectors.dims(), annotations.size(), seen.size(),
                unseenLines.size(), unseen.size(), options);
            CuratorTrainer.Outcome outcome = CuratorTrainer.train(vectors, annotations, options, e -> {
                if (!Double.isNaN(e.heldOutMeanRank())) {
                    System.out.printf(Locale.ROOT, "epoch %4d  loss %.4f  held-out loss %.4f  held-out mean rank %.3f%n",
                        e.epoch(), e.trainLoss(), e.heldOutLoss(), e.heldOutMeanRank());
                }
            });
            System.out.printf(Locale.ROOT, "training took %.1f s%n", outcome.millis() / 1000.0);
            String field = space.equals("stack") ? "stack" : "vectors." + space;
            List<MeanRank.Result> rows = new ArrayList<>(CuratorReport.rows(field, vectors, "tuned " + space,
                outcome.projection(), outcome.train(), outcome.heldOut()));
            rows.add(3, MeanRank.evaluate("z-scored input (untrained), held-out lines", outcome.heldOut(),
                vectors.map(outcome.projection().standardizer()::apply)));
            rows.add(rows.size() - 1, MeanRank.evaluate("before training (" + field + "), lines among unseen artworks", unseenLines, vectors));
            rows.add(rows.size() - 1, MeanRank.evaluate("trained (tuned " + space + "), lines among unseen artworks", unseenLines,
                vectors.map(outcome.projection()::apply)));
            System.out.print(MeanRankTable.format(rows));
            summary.addAll(rows.stream().filter(r -> !r.label().startsWith("z-scored") && !r.label().startsWith("chance")).toList());
            if (space.equals(spaces.getLast())) {
                summary.add(rows.getLast());
            }
        }
        if (spaces.size() > 1) {
            System.out.println("== all spaces, the same judgements");
            System.out.print(MeanRankTable.format(summary));
        }
    }

    /** Embeds every painting once; later runs read the cached vectors. */
    static VectorTable embedAll(Path collection, JsonNode metadata, String model, Path cache) throws IOException {
        List<String> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        if (Files.isRegularFile(cache)) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(cache))) {
                int n = in.readInt();
                int dims = in.readInt();
                for (int i = 0; i < n; i++) {
                    ids.add(in.readUTF());
                    float[] v = new float[dims];
                    for (int d = 0; d < dims; d++) {
                        v[d] = in.readFloat();
                    }
                    vectors.add(v);
                }
            }
            return new VectorTable(ids, vectors);
        }
        long started = System.nanoTime();
        try (Embedder embedder = Embedder.open(ImageModel.builtIn(model, NsfwjsModel.defaultCacheDir(), System.out), 0, false)) {
            ImageDecoder decoder = new ImageDecoder();
            for (JsonNode record : metadata) {
                ids.add(record.path("id").asText());
                vectors.add(embedder.embed(decoder.decode(Files.readAllBytes(collection.resolve(record.path("file").asText())))));
            }
        }
        System.out.printf(Locale.ROOT, "embedded %d paintings with %s in %.1f s%n", ids.size(), model, (System.nanoTime() - started) / 1e9);
        Files.createDirectories(cache.toAbsolutePath().getParent());
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(cache))) {
            out.writeInt(ids.size());
            out.writeInt(vectors.get(0).length);
            for (int i = 0; i < ids.size(); i++) {
                out.writeUTF(ids.get(i));
                for (float x : vectors.get(i)) {
                    out.writeFloat(x);
                }
            }
        }
        return new VectorTable(ids, vectors);
    }
}

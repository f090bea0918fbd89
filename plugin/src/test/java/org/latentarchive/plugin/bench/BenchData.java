package org.latentarchive.plugin.bench;

import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.xcontent.XContentType;
import org.latentarchive.vectors.VectorMath;
import org.latentarchive.vectors.testing.PlantedVectors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A benchmark's vectors, from one of two data sets the benchmarks run on in turn:
 * <ul>
 * <li>{@code planted}: a seeded Gaussian mixture, well separated near-orthogonal centres plus isotropic noise;</li>
 * <li>{@code sample}: close to real embeddings: the sample collection's vectors, computed by the project's own model
 * (MobileNetV2, 1792 dims) from ../shared/collections/aic-paintings, repeated with small Gaussian noise and
 * normalised, so 267 real paintings become {@code docs} vectors. The vectors come from a file the bench-plugin job
 * writes first ({@code -Dbench.sample}, the JSON of {@code ./latent-archive embed --normalize}): this module does not
 * run the model.</li>
 * </ul>
 * {@code -Dbench.sets=planted,sample} picks the sets; {@code -Dbench.noise} is the noise's length relative to a unit
 * vector (default 0.2: a copy keeps cosine about 0.98 with its painting, while two paintings have 0.18 to 0.93).
 *
 * @param labels the planted group, or the painting a sample vector copies
 */
record BenchData(String name, String description, float[][] vectors, int[] labels) {

    static final String PLANTED = "planted";
    static final String SAMPLE = "sample";

    int size() {
        return vectors.length;
    }

    int dims() {
        return vectors[0].length;
    }

    /** The sets this run measures, in order; the sample set only where its vectors were written. */
    static List<String> names() {
        List<String> names = new ArrayList<>(List.of(System.getProperty("bench.sets", PLANTED + "," + SAMPLE).split(",")));
        if (names.contains(SAMPLE) && samplePath() == null) {
            System.out.println("(the sample set is skipped: no -Dbench.sample file; ./latent-archive bench-plugin embeds it)");
            names.remove(SAMPLE);
        }
        return names;
    }

    private static Path samplePath() {
        String path = System.getProperty("bench.sample", "");
        return path.isEmpty() || Files.isRegularFile(Path.of(path)) == false ? null : Path.of(path);
    }

    /** The planted set as the clusters benchmark and the neighbours benchmark each generate it. */
    static BenchData planted(long seed, int docs, int dims, int groups, double noise) {
        PlantedVectors planted = PlantedVectors.generate(seed, docs, dims, groups, noise);
        return new BenchData(PLANTED, String.format(Locale.ROOT, "planted: %d Gaussian groups in %d dims, noise %.1f", groups, dims,
            noise), planted.vectors(), planted.labels());
    }

    /** The sample collection's vectors, each repeated with Gaussian noise of length {@code bench.noise} and normalised. */
    static BenchData sample(long seed, int docs) throws IOException {
        double noise = Double.parseDouble(System.getProperty("bench.noise", "0.2"));
        float[][] paintings = readEmbeddings(samplePath());
        int dims = paintings[0].length;
        Random random = new Random(seed);
        double sigma = noise / Math.sqrt(dims);
        float[][] vectors = new float[docs][dims];
        int[] labels = new int[docs];
        for (int i = 0; i < docs; i++) {
            float[] painting = paintings[i % paintings.length];
            for (int d = 0; d < dims; d++) {
                vectors[i][d] = painting[d] + (float) (sigma * random.nextGaussian());
            }
            vectors[i] = VectorMath.normalized(vectors[i]);
            labels[i] = i % paintings.length;
        }
        return new BenchData(SAMPLE, String.format(Locale.ROOT, "sample: %d aic-paintings vectors (MobileNetV2, %d dims) + noise %.2f, "
            + "normalised", paintings.length, dims, noise), vectors, labels);
    }

    static BenchData load(String name, long seed, int docs, int dims, int groups, double plantedNoise) throws IOException {
        return switch (name) {
            case PLANTED -> planted(seed, docs, dims, groups, plantedNoise);
            case SAMPLE -> sample(seed, docs);
            default -> throw new IllegalArgumentException("unknown -Dbench.sets entry [" + name + "]: planted or sample");
        };
    }

    /** The vectors of {@code ./latent-archive embed}'s JSON: {"model", "id", "dims", "embeddings": {file: [..]}}. */
    @SuppressWarnings("unchecked")
    private static float[][] readEmbeddings(Path file) throws IOException {
        Map<String, Object> json;
        try (InputStream in = Files.newInputStream(file)) {
            json = XContentHelper.convertToMap(XContentType.JSON.xContent(), in, true);
        }
        Map<String, List<Number>> embeddings = (Map<String, List<Number>>) json.get("embeddings");
        float[][] vectors = new float[embeddings.size()][];
        int i = 0;
        // ordered by file name, as embed wrote them
        for (List<Number> values : embeddings.values()) {
            float[] v = new float[values.size()];
            for (int d = 0; d < v.length; d++) {
                v[d] = values.get(d).floatValue();
            }
            vectors[i++] = v;
        }
        return vectors;
    }
}

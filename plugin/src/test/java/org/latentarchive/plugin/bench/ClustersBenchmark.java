package org.latentarchive.plugin.bench;

import com.carrotsearch.randomizedtesting.annotations.TimeoutSuite;

import org.apache.lucene.tests.util.TimeUnits;
import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.support.WriteRequest;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESSingleNodeTestCase;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentFactory;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.elasticsearch.search.aggregations.bucket.terms.StringTerms;
import org.elasticsearch.search.aggregations.bucket.terms.TermsAggregationBuilder;
import org.latentarchive.plugin.agg.AdjustedRandIndex;
import org.latentarchive.plugin.agg.InternalVectorClusters;
import org.latentarchive.plugin.agg.VectorClustersAggregationBuilder;
import org.latentarchive.vectors.VectorMath;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark: vector_clusters with k = 20 over 100,000 vectors of 1792 dimensions on one node, on both data sets of
 * {@link BenchData} in turn (planted clusters; the sample paintings' real embeddings repeated with noise), against
 * scikit-learn's KMeans (n_init 1 and 10) and FAISS's Kmeans (Debian's python3-faiss; with its default subsampling to
 * 256 points per centroid, and on every point) on the same unit vectors: time and inertia side by side. Skipped
 * unless {@code -Dbench=true}:
 * <pre>./latent-archive mvn -pl plugin test -Dtest=ClustersBenchmark -Dbench=true -Dtests.heap=8g -Dbench.sample=FILE</pre>
 * Options: -Dbench.docs, -Dbench.dims (planted), -Dbench.k, -Dbench.shards, -Dbench.runs, -Dbench.python, -Dbench.sets,
 * -Dbench.baselines (default sklearn1,sklearn10,faiss,faiss_all), -Dbench.micro_clusters (the aggregation measured
 * again with that many micro-clusters per shard; default 16k, 0 for none).
 *
 * <p>The baselines run in a Python subprocess whose environment lacks OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (as
 * {@code env -u} would leave it): both are set on these machines and slow a current numpy down. Each is timed inside
 * Python, loading excluded; FAISS's time includes assigning every point to its centroid, which scikit-learn's fit and
 * the aggregation both do, and every inertia is over all the vectors.
 */
@TimeoutSuite(millis = 120 * TimeUnits.MINUTE)
public class ClustersBenchmark extends ESSingleNodeTestCase {

    private static final String INDEX = "bench-clusters";

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(LatentArchivePlugin.class);
    }

    /** The framework gives its single node one processor; a production node has every processor of its machine. */
    @Override
    protected Settings nodeSettings() {
        return Settings.builder().put(super.nodeSettings())
            .put(EsExecutors.NODE_PROCESSORS_SETTING.getKey(), Runtime.getRuntime().availableProcessors())
            .build();
    }

    public void testClustersAgainstScikitLearnAndFaiss() throws Exception {
        assumeTrue("a benchmark: run with -Dbench=true", Boolean.getBoolean("bench"));
        int docs = Integer.getInteger("bench.docs", 100_000);
        int k = Integer.getInteger("bench.k", 20);
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "%n=== ClustersBenchmark: k = %d, %d shard(s) on one node, %d CPU(s) ===", k,
            Integer.getInteger("bench.shards", 2), Runtime.getRuntime().availableProcessors()));
        for (String set : BenchData.names()) {
            BenchData data = BenchData.load(set, 42, docs, Integer.getInteger("bench.dims", 1792), k, 1.0);
            List<String> lines = benchmark(data, k);
            lines.forEach(System.out::println);
            report.addAll(lines);
            client().admin().indices().prepareDelete(INDEX).get();
        }
        String text = String.join("\n", report);
        System.out.println(text);
        logger.info(text);
    }

    private List<String> benchmark(BenchData data, int k) throws Exception {
        int docs = data.size();
        int dims = data.dims();
        int shards = Integer.getInteger("bench.shards", 2);
        int runs = Integer.getInteger("bench.runs", 3);
        String python = System.getProperty("bench.python", "/usr/bin/python3");
        boolean planted = data.name().equals(BenchData.PLANTED);

        // the field is cosine, so Elasticsearch stores unit vectors: the baselines get exactly those
        float[][] unit = new float[docs][];
        for (int i = 0; i < docs; i++) {
            unit[i] = VectorMath.normalized(data.vectors()[i]);
        }

        long indexStart = System.nanoTime();
        XContentBuilder mapping = XContentFactory.jsonBuilder()
            .startObject()
            .startObject("properties")
            .startObject("label")
            .field("type", "keyword")
            .endObject()
            .startObject("vector")
            .field("type", "dense_vector")
            .field("dims", dims)
            .field("similarity", "cosine")
            // flat (exact) storage keeps indexing 100k vectors quick; clustering reads the same raw vectors either way
            .startObject("index_options")
            .field("type", "flat")
            .endObject()
            .endObject()
            .endObject()
            .endObject();
        createIndex(INDEX, Settings.builder().put("index.number_of_shards", shards).put("index.number_of_replicas", 0).build(), mapping);
        for (int from = 0; from < docs; from += 1000) {
            BulkRequestBuilder bulk = client().prepareBulk();
            for (int i = from; i < Math.min(docs, from + 1000); i++) {
                XContentBuilder source = XContentFactory.smileBuilder()
                    .startObject()
                    .array("vector", data.vectors()[i])
                    .field("label", Integer.toString(data.labels()[i]))
                    .endObject();
                bulk.add(client().prepareIndex(INDEX).setId(Integer.toString(i)).setSource(source));
            }
            assertFalse(bulk.get().hasFailures());
        }
        indicesAdmin().prepareRefresh(INDEX).get();
        indicesAdmin().prepareForceMerge(INDEX).setMaxNumSegments(1).get();
        indicesAdmin().prepareRefresh(INDEX).get();
        double indexSeconds = (System.nanoTime() - indexStart) / 1e9;

        Timed plugin = timeAggregation(k, 0, planted, runs, docs);
        int finer = Integer.getInteger("bench.micro_clusters", 16 * k);
        Timed finerPlugin = finer > 0 ? timeAggregation(k, finer, planted, runs, docs) : null;
        double median = plugin.median();
        double inertia = plugin.inertia();

        Path file = createTempDir().resolve("vectors.f32");
        writeFloat32(file, unit);
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(String.format(Locale.ROOT, "--- %s, %,d vectors x %d dims (indexing: %.1f s) ---", data.description(), docs, dims,
            indexSeconds));
        lines.add(String.format(Locale.ROOT, "%-48s %9s %13s %10s %10s", "", "time (s)", "inertia", "time/ES", "inertia/ES"));
        lines.add(plugin.line("vector_clusters (median of " + runs + ")", plugin));
        if (finerPlugin != null) {
            lines.add(finerPlugin.line("vector_clusters, micro_clusters " + finer, plugin));
        }
        for (String baseline : System.getProperty("bench.baselines", "sklearn1,sklearn10,faiss,faiss_all").split(",")) {
            String[] result = runBaseline(python, baseline, file, docs, dims, k);
            if (result.length == 1) {
                lines.add(String.format(Locale.ROOT, "%-48s %s", BASELINES.get(baseline), result[0]));
                continue;
            }
            double s = Double.parseDouble(result[0]);
            double in = Double.parseDouble(result[1]);
            lines.add(String.format(Locale.ROOT, "%-48s %9.3f %13.4f %10.2f %10.5f   (%s)", BASELINES.get(baseline), s, in, s / median,
                in / inertia, result[2]));
        }
        return lines;
    }

    /** The aggregation's median time over {@code runs} (after one unmeasured run), and what it found. */
    private record Timed(double median, double first, double[] seconds, double inertia, double ari, long buckets, long counted,
        int microClusters) {

        String line(String name, Timed reference) {
            return String.format(Locale.ROOT, "%-48s %9.3f %13.4f %10.2f %10.5f   (%d buckets, %,d docs, %d micro-clusters per shard; "
                + "first run %.3f s, runs %s%s)", name, median, inertia, median / reference.median, inertia / reference.inertia, buckets,
                counted, microClusters, first, Arrays.toString(seconds),
                Double.isNaN(ari) ? "" : String.format(Locale.ROOT, "; adjusted Rand index against the planted groups %.4f", ari));
        }
    }

    /** vector_clusters with k and seed 0; {@code microClusters} 0 lets the aggregation choose them from k. */
    private Timed timeAggregation(int k, int microClusters, boolean planted, int runs, int docs) {
        double[] seconds = new double[runs];
        double first = Double.NaN;
        double ari = Double.NaN;
        double inertia = Double.NaN;
        long buckets = 0;
        long counted = 0;
        VectorClustersAggregationBuilder clustering = null;
        for (int run = -1; run < runs; run++) {
            long start = System.nanoTime();
            clustering = new VectorClustersAggregationBuilder("clusters").field("vector").k(k).seed(0).microClusters(microClusters);
            if (planted) {
                // the planted label per bucket: a contingency table for the adjusted Rand index
                clustering.subAggregation(new TermsAggregationBuilder("labels").field("label").size(k));
            }
            var response = client().prepareSearch(INDEX)
                .setSize(0)
                // size 0 results are cached per shard: every run must compute
                .setRequestCache(false)
                .addAggregation(clustering)
                .get();
            try {
                double elapsed = (System.nanoTime() - start) / 1e9;
                InternalVectorClusters clusters = response.getAggregations().get("clusters");
                inertia = clusters.inertia();
                buckets = clusters.getBuckets().size();
                counted = clusters.getBuckets().stream().mapToLong(InternalVectorClusters.Bucket::getDocCount).sum();
                if (planted) {
                    ari = adjustedRandIndex(clusters);
                }
                if (run >= 0) {
                    seconds[run] = elapsed;
                } else {
                    first = elapsed;
                }
            } finally {
                response.decRef();
            }
        }
        assertEquals(docs, counted);
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        return new Timed(sorted[runs / 2], first, seconds, inertia, ari, buckets, counted, clustering.options().microClusterCapacity());
    }

    private static double adjustedRandIndex(InternalVectorClusters clusters) {
        List<Integer> truth = new ArrayList<>();
        List<Integer> found = new ArrayList<>();
        for (InternalVectorClusters.Bucket bucket : clusters.getBuckets()) {
            StringTerms labels = bucket.getAggregations().get("labels");
            for (StringTerms.Bucket label : labels.getBuckets()) {
                for (long n = 0; n < label.getDocCount(); n++) {
                    truth.add(Integer.parseInt(label.getKeyAsString()));
                    found.add(bucket.getKey());
                }
            }
        }
        return AdjustedRandIndex.of(truth.stream().mapToInt(Integer::intValue).toArray(), found.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void writeFloat32(Path file, float[][] vectors) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(vectors[0].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (float[] v : vectors) {
                buffer.clear();
                buffer.asFloatBuffer().put(v);
                out.write(buffer.array());
            }
        }
    }

    private static final Map<String, String> BASELINES = Map.of(
        "sklearn1", "scikit-learn KMeans, n_init=1",
        "sklearn10", "scikit-learn KMeans, n_init=10",
        "faiss", "FAISS Kmeans (subsampled: 256 points/centroid)",
        "faiss_all", "FAISS Kmeans, every point (no subsampling)");

    /** The baselines, each timed inside Python after loading: seconds, inertia over all vectors, and a note. */
    private static final String SCRIPT = """
        import sys, time
        import numpy as np
        method, path, n, d, k = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        x = np.fromfile(path, dtype='<f4').reshape(n, d)
        if method.startswith('sklearn'):
            from sklearn.cluster import KMeans
            n_init = int(method[len('sklearn'):])
            start = time.perf_counter()
            km = KMeans(n_clusters=k, n_init=n_init, random_state=0).fit(x)
            print(time.perf_counter() - start, km.inertia_, 'n_init=%d, %d iterations of the best run' % (n_init, km.n_iter_))
        else:
            import faiss
            # FAISS's default trains on at most 256 points per centroid, sampled; faiss_all lets it see every point
            per_centroid = 256 if method == 'faiss' else n
            start = time.perf_counter()
            km = faiss.Kmeans(d, k, niter=25, seed=0, max_points_per_centroid=per_centroid)
            km.train(x)
            distances, _ = km.index.search(x, 1)
            print(time.perf_counter() - start, float(distances.sum(dtype=np.float64)),
                  '25 iterations on %d points, then every point assigned; faiss %s' % (min(n, per_centroid * k), faiss.__version__))
        """;

    /** @return seconds, inertia and a note of one baseline; or one text saying why it did not run */
    private static String[] runBaseline(String python, String method, Path data, int docs, int dims, int k) throws Exception {
        if (BASELINES.containsKey(method) == false) {
            throw new IllegalArgumentException("unknown -Dbench.baselines entry [" + method + "]: one of " + BASELINES.keySet());
        }
        Path scriptFile = data.resolveSibling("kmeans.py");
        Files.writeString(scriptFile, SCRIPT);
        ProcessBuilder builder = new ProcessBuilder(python, scriptFile.toString(), method, data.toString(), Integer.toString(docs),
            Integer.toString(dims), Integer.toString(k)).redirectErrorStream(true);
        // unset for this subprocess alone, as env -u would: set on these machines, they slow a current numpy down
        builder.environment().remove("OPENBLAS_CORETYPE");
        builder.environment().remove("OPENBLAS_L2_SIZE");
        Process process = builder.start();
        String last = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                all.append(line).append('\n');
                last = line;
            }
        }
        if (process.waitFor() != 0 || last == null) {
            System.out.println(method + " failed:\n" + all);
            return new String[] { "did not run (python3-sklearn / python3-faiss installed?): " + (last == null ? "no output" : last) };
        }
        return last.trim().split("\\s+", 3);
    }
}

package org.latentarchive.plugin.bench;

import com.carrotsearch.randomizedtesting.annotations.TimeoutSuite;

import org.apache.lucene.tests.util.TimeUnits;
import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.support.WriteRequest;
import org.elasticsearch.common.settings.Settings;
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
import org.latentarchive.vectors.testing.PlantedVectors;
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

/**
 * Benchmark (a) of issue 2: vector_clusters with k = 20 over 100,000 planted vectors of 1792 dimensions on one node,
 * against scikit-learn's KMeans (n_init = 1) on the same vectors, time and inertia side by side. Skipped unless
 * {@code -Dbench=true}:
 * <pre>./latent-archive mvn -pl plugin test -Dtest=ClustersBenchmark -Dbench=true -Dtests.heap=8g</pre>
 * Options: -Dbench.docs, -Dbench.dims, -Dbench.k, -Dbench.shards, -Dbench.runs, -Dbench.python.
 */
@TimeoutSuite(millis = 90 * TimeUnits.MINUTE)
public class ClustersBenchmark extends ESSingleNodeTestCase {

    private static final String INDEX = "bench-clusters";

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(LatentArchivePlugin.class);
    }

    public void testClustersAgainstScikitLearn() throws Exception {
        assumeTrue("a benchmark: run with -Dbench=true", Boolean.getBoolean("bench"));
        int docs = Integer.getInteger("bench.docs", 100_000);
        int dims = Integer.getInteger("bench.dims", 1792);
        int k = Integer.getInteger("bench.k", 20);
        int shards = Integer.getInteger("bench.shards", 2);
        int runs = Integer.getInteger("bench.runs", 3);
        String python = System.getProperty("bench.python", "/usr/bin/python3");

        PlantedVectors planted = PlantedVectors.generate(42, docs, dims, k, 1.0);
        // the field is cosine, so Elasticsearch stores unit vectors: scikit-learn gets exactly those
        float[][] unit = new float[docs][];
        for (int i = 0; i < docs; i++) {
            unit[i] = VectorMath.normalized(planted.vectors()[i]);
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
                    .array("vector", planted.vectors()[i])
                    .field("label", Integer.toString(planted.labels()[i]))
                    .endObject();
                bulk.add(client().prepareIndex(INDEX).setId(Integer.toString(i)).setSource(source));
            }
            assertFalse(bulk.get().hasFailures());
        }
        indicesAdmin().prepareRefresh(INDEX).get();
        indicesAdmin().prepareForceMerge(INDEX).setMaxNumSegments(1).get();
        indicesAdmin().prepareRefresh(INDEX).get();
        double indexSeconds = (System.nanoTime() - indexStart) / 1e9;

        Path data = createTempDir().resolve("vectors.f32");
        writeFloat32(data, unit);
        String[] sklearn = runScikitLearn(python, data, docs, dims, k);
        double sklearnSeconds = Double.parseDouble(sklearn[0]);
        double sklearnInertia = Double.parseDouble(sklearn[1]);

        double[] seconds = new double[runs];
        double first = Double.NaN;
        double ari = Double.NaN;
        double inertia = Double.NaN;
        long buckets = 0;
        long counted = 0;
        for (int run = -1; run < runs; run++) {
            long start = System.nanoTime();
            var response = client().prepareSearch(INDEX)
                .setSize(0)
                // size 0 results are cached per shard: every run must compute
                .setRequestCache(false)
                .addAggregation(
                    new VectorClustersAggregationBuilder("clusters").field("vector")
                        .k(k)
                        .seed(0)
                        // the planted label per bucket: a contingency table for the adjusted Rand index
                        .subAggregation(new TermsAggregationBuilder("labels").field("label").size(k))
                )
                .get();
            try {
                double elapsed = (System.nanoTime() - start) / 1e9;
                InternalVectorClusters clusters = response.getAggregations().get("clusters");
                inertia = clusters.inertia();
                buckets = clusters.getBuckets().size();
                counted = clusters.getBuckets().stream().mapToLong(InternalVectorClusters.Bucket::getDocCount).sum();
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
                ari = AdjustedRandIndex.of(
                    truth.stream().mapToInt(Integer::intValue).toArray(),
                    found.stream().mapToInt(Integer::intValue).toArray()
                );
                if (run >= 0) {
                    seconds[run] = elapsed;
                } else {
                    first = elapsed;
                }
            } finally {
                response.decRef();
            }
        }
        Arrays.sort(seconds);
        double median = seconds[runs / 2];

        String report = String.format(
            Locale.ROOT,
            """

                === ClustersBenchmark: %,d vectors x %d dims, k = %d, %d shard(s) on one node, %d CPU(s) ===
                indexing (bulk + force merge): %.1f s
                                         time (s)      inertia
                vector_clusters (median) %8.3f  %12.4f   (%d buckets, %,d docs; first run %.3f s, then: %s)
                scikit-learn KMeans      %8.3f  %12.4f   (n_init=1, %s iterations)
                ratio ES / sklearn       %8.3f  %12.5f   (time: < 1 is faster; inertia: 1.02 = 2%% worse)
                vector_clusters adjusted Rand index against the planted groups: %.4f
                """,
            docs,
            dims,
            k,
            shards,
            Runtime.getRuntime().availableProcessors(),
            indexSeconds,
            median,
            inertia,
            buckets,
            counted,
            first,
            Arrays.toString(seconds),
            sklearnSeconds,
            sklearnInertia,
            sklearn[2],
            median / sklearnSeconds,
            inertia / sklearnInertia,
            ari
        );
        System.out.println(report);
        logger.info(report);
        assertEquals(docs, counted);
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

    /** @return seconds, inertia and iterations of scikit-learn's KMeans fit, timed inside Python (loading excluded) */
    private static String[] runScikitLearn(String python, Path data, int docs, int dims, int k) throws Exception {
        String script = """
            import sys, time
            import numpy as np
            from sklearn.cluster import KMeans
            x = np.fromfile(sys.argv[1], dtype='<f4').reshape(int(sys.argv[2]), int(sys.argv[3]))
            start = time.perf_counter()
            km = KMeans(n_clusters=int(sys.argv[4]), n_init=1, random_state=0).fit(x)
            print(time.perf_counter() - start, km.inertia_, km.n_iter_)
            """;
        Path scriptFile = data.resolveSibling("kmeans.py");
        Files.writeString(scriptFile, script);
        Process process = new ProcessBuilder(
            python,
            scriptFile.toString(),
            data.toString(),
            Integer.toString(docs),
            Integer.toString(dims),
            Integer.toString(k)
        ).redirectErrorStream(true).start();
        String last = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                all.append(line).append('\n');
                last = line;
            }
        }
        if (process.waitFor() != 0 || last == null) {
            throw new IllegalStateException("scikit-learn failed (install python3-sklearn):\n" + all);
        }
        return last.trim().split("\\s+");
    }
}

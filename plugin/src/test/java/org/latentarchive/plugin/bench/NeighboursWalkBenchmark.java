package org.latentarchive.plugin.bench;

import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.common.network.NetworkModule;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentFactory;
import org.elasticsearch.xcontent.XContentType;
import org.latentarchive.plugin.LatentArchivePlugin;
import org.latentarchive.vectors.Interpolation;
import org.latentarchive.vectors.VectorMath;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Benchmark (not a test): farthest neighbours and latent walks on one node with 100,000 vectors of 1792 dimensions,
 * each beside what a client would do without the plugin, in the same run, on both data sets of {@link BenchData}
 * (planted clusters, and the sample paintings' real embeddings repeated with noise), one after the other.
 *
 * <pre>./latent-archive bench-plugin</pre> (or {@code -Dtest=NeighboursWalkBenchmark -Dbench=true -Dtests.heap=8g
 * -Dbench.sample=FILE}; {@code -Dbench.docs=N} for another size, {@code -Dbench.parts=walk} or {@code farthest} for one
 * part, {@code -Dbench.sets=sample} for one set, {@code -Dbench.index_options=bbq_hnsw} for another index type,
 * {@code -Dbench.quantized_also} for the index types the quantized pass is also measured on, default bbq_flat,
 * {@code -Dbench.candidates} for its candidates per segment, default 300,1000,3000,10000, and
 * {@code -Dbench.client_farthest=false} to leave out the client that pulls every vector).
 * Skipped unless {@code -Dbench=true}.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 1, numClientNodes = 0, supportsDedicatedMasters = false)
public class NeighboursWalkBenchmark extends ESIntegTestCase {

    private static final String INDEX = "bench";
    private static final String FIELD = "vec";
    private static final int DIMS = 1792;
    private static final int REPEATS = 5;
    /**
     * Unmeasured requests of each kind before the measured ones: the JIT needs about ten to settle a path (the first
     * few run several times slower, and would weigh most on the fastest path).
     */
    private static final int WARMUP = 10;
    /** Each walk is short next to the farthest searches, and its time varies more from one run to the next. */
    private static final int WALK_REPEATS = Integer.getInteger("bench.walk_repeats", 21);
    /** The JIT is quiet enough to measure the walks once this many warm-up rounds in a row compile less than this. */
    private static final int QUIET_ROUNDS = 5;
    private static final long QUIET_JIT_MS = 10;
    private static final int MAX_WARMUP = 300;
    /** The vector index type: int8_hnsw (default), hnsw, bbq_hnsw, ... ({@code -Dbench.index_options}). */
    private static final String INDEX_OPTIONS = System.getProperty("bench.index_options", "int8_hnsw");
    /**
     * Further index types the quantized pass is measured on, each in its own index beside the main one
     * ({@code -Dbench.quantized_also}, default bbq_flat; empty for none): flat, so no graph is built for them.
     */
    private static final String QUANTIZED_ALSO = System.getProperty("bench.quantized_also", "bbq_flat");
    /** The quantized pass's candidates per segment, each measured ({@code -Dbench.candidates}). */
    private static final int[] CANDIDATES = Arrays.stream(System.getProperty("bench.candidates", "300,1000,3000,10000").split(","))
        .mapToInt(Integer::parseInt).toArray();

    @Override
    protected boolean addMockHttpTransport() {
        return false;
    }

    /**
     * None of the test framework's mocks, which it otherwise adds at random per run: an asserting engine and searcher
     * wrap every reader (and hide Lucene's fast vector paths), a mock directory replaces the memory-mapped store. A
     * benchmark measures the node as it runs in production, the same in every run.
     */
    @Override
    protected Collection<Class<? extends Plugin>> getMockPlugins() {
        return super.getMockPlugins().stream().filter(p -> RANDOM_MOCKS.contains(p.getName()) == false).toList();
    }

    /** The mocks the framework adds at random; what else it adds only registers its test settings. */
    private static final Set<String> RANDOM_MOCKS = Set.of("org.elasticsearch.test.transport.MockTransportService$TestPlugin",
        "org.elasticsearch.test.store.MockFSIndexStore$TestPlugin", "org.elasticsearch.node.NodeMocksPlugin",
        "org.elasticsearch.index.MockEngineFactoryPlugin", "org.elasticsearch.search.MockSearchService$TestPlugin",
        "org.elasticsearch.index.mapper.MockFieldFilterPlugin", "org.elasticsearch.test.ESIntegTestCase$RandomizeColumnarIdModePlugin");

    @Override
    protected Settings nodeSettings(int nodeOrdinal, Settings otherSettings) {
        return Settings.builder().put(super.nodeSettings(nodeOrdinal, otherSettings))
            .put(NetworkModule.TRANSPORT_TYPE_KEY, Netty4Plugin.NETTY_TRANSPORT_NAME)
            .put(NetworkModule.HTTP_TYPE_KEY, Netty4Plugin.NETTY_HTTP_TRANSPORT_NAME)
            .put("http.max_content_length", "500mb")
            // the framework gives a node 1 to 4 processors at random; a production node has every processor of its machine
            .put(EsExecutors.NODE_PROCESSORS_SETTING.getKey(), Runtime.getRuntime().availableProcessors())
            .build();
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(LatentArchivePlugin.class, Netty4Plugin.class);
    }

    public void testBenchmark() throws Exception {
        assumeTrue("benchmark: run with -Dbench=true", Boolean.getBoolean("bench"));
        int docs = Integer.getInteger("bench.docs", 100_000);
        List<String> report = new ArrayList<>();
        for (String set : BenchData.names()) {
            BenchData data = BenchData.load(set, 1, docs, DIMS, 20, 0.8);
            long t0 = System.nanoTime();
            index(data);
            log("%s: indexed %,d vectors of %d dims in %.1f s", set, docs, DIMS, seconds(t0));

            List<String> lines = new ArrayList<>();
            lines.add("");
            lines.add(String.format(Locale.ROOT, "--- %s, %,d vectors x %d dims (%s), 1 node, 1 shard ---", data.description(), docs, DIMS,
                INDEX_OPTIONS));
            lines.add(String.format(Locale.ROOT, "%-44s %12s %12s %9s", "operation", "plugin ms", "client ms", "speed-up"));
            List<String> parts = List.of(System.getProperty("bench.parts", "farthest,walk").split(","));
            if (parts.contains("farthest")) {
                benchmarkFarthest(data, lines);
            }
            if (parts.contains("walk")) {
                benchmarkWalk(data, lines);
            }
            lines.forEach(System.out::println);
            report.addAll(lines);
            client().admin().indices().prepareDelete(INDEX).get();
        }
        System.out.println("\n=== Latent Archive plugin benchmark: farthest and walks, " + Runtime.getRuntime().availableProcessors()
            + " CPU(s) ===");
        report.forEach(System.out::println);
    }

    private void index(BenchData data) throws IOException {
        index(INDEX, INDEX_OPTIONS, data);
    }

    private void index(String index, String indexType, BenchData data) throws IOException {
        XContentBuilder mapping = XContentFactory.jsonBuilder().startObject().startObject("properties")
            .startObject(FIELD).field("type", "dense_vector").field("dims", DIMS).field("index", true).field("similarity", "cosine")
            .startObject("index_options").field("type", indexType).endObject().endObject()
            .startObject("tenth").field("type", "boolean").endObject()
            .startObject("n").field("type", "integer").endObject()
            .endObject().endObject();
        client().admin().indices().prepareCreate(index)
            .setSettings(Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0).put("index.refresh_interval", -1)
                // the test framework sometimes picks plain Lucene's codec, which caps vectors at 1024 dims
                .put("index.codec", "default"))
            .setMapping(mapping).get();
        for (int start = 0; start < data.size(); start += 1000) {
            BulkRequestBuilder bulk = client().prepareBulk();
            for (int i = start; i < Math.min(data.size(), start + 1000); i++) {
                bulk.add(client().prepareIndex(index).setId(Integer.toString(i)).setSource(Map.of(FIELD, data.vectors()[i], "tenth", i % 10 == 0, "n", i)));
            }
            BulkResponse response = bulk.get();
            assertFalse(response.buildFailureMessage(), response.hasFailures());
        }
        refresh(index);
        client().admin().indices().prepareForceMerge(index).setMaxNumSegments(1).get();
        refresh(index);
    }

    private void benchmarkFarthest(BenchData data, List<String> lines) throws IOException {
        for (boolean filtered : new boolean[] { false, true }) {
            float[] q = data.vectors()[12345 % data.size()];
            String filter = filtered ? ", \"filter\": {\"term\": {\"tenth\": true}}" : "";
            String exactBody = farthestBody(q, filter);
            List<String> plugin = null;
            long[] pluginTimes = new long[REPEATS];
            for (int r = -WARMUP; r < REPEATS; r++) {
                long t = System.nanoTime();
                plugin = hitIds(post("/" + INDEX + "/_search", exactBody));
                if (r >= 0) {
                    pluginTimes[r] = System.nanoTime() - t;
                }
            }
            double pluginMs = median(pluginTimes) / 1e6;
            if (Boolean.parseBoolean(System.getProperty("bench.client_farthest", "true")) == false) {
                // -Dbench.client_farthest=false: the client's pull of every vector is the slowest part of the run
                lines.add(String.format(Locale.ROOT, "%-44s %12.1f", "exact farthest top-10" + (filtered ? ", 10% filter" : ""), pluginMs));
                continue;
            }
            long t = System.nanoTime();
            List<String> client = clientFarthest(q, filtered);
            long clientTime = System.nanoTime() - t;
            assertEquals("the plugin and the client agree", client, plugin);
            double clientMs = clientTime / 1e6;
            lines.add(String.format(Locale.ROOT, "%-44s %12.1f %12.1f %8.1fx", "exact farthest top-10" + (filtered ? ", 10% filter" : ""),
                pluginMs, clientMs, clientMs / pluginMs));
        }
        // what a request costs before it reads any vector: the same query where the filter matches nothing
        String emptyBody = farthestBody(data.vectors()[0], ", \"filter\": {\"term\": {\"n\": -1}}");
        long[] emptyTimes = new long[20];
        for (int r = -50; r < emptyTimes.length; r++) {
            long t = System.nanoTime();
            post("/" + INDEX + "/_search", emptyBody);
            if (r >= 0) {
                emptyTimes[r] = System.nanoTime() - t;
            }
        }
        lines.add(String.format(Locale.ROOT, "%-44s %12.1f   (the request alone: parsing, one shard, no vector read)",
            "farthest, filter matching nothing", median(emptyTimes) / 1e6));
        // approximate farthest against the exact answer: the quantized pass (auto on a quantized field) and, for
        // comparison, the HNSW graph searched for the nearest to -q
        lines.add(String.format(Locale.ROOT, "%-44s %12s %12s %9s", "approximate farthest (vs exact)", "approx ms", "exact ms", "speed-up"));
        if (INDEX_OPTIONS.matches("(int8|int4|bbq)_(hnsw|flat)")) {
            for (int candidates : CANDIDATES) {
                approximateFarthest(INDEX, INDEX_OPTIONS, data, lines, "quantized", candidates, false);
            }
            approximateFarthest(INDEX, INDEX_OPTIONS, data, lines, "quantized", CANDIDATES[0], true);
        }
        if (INDEX_OPTIONS.endsWith("hnsw")) {
            // (a flat index has no graph: its kNN search is exact)
            approximateFarthest(INDEX, INDEX_OPTIONS, data, lines, "hnsw", 100, false);
            approximateFarthest(INDEX, INDEX_OPTIONS, data, lines, "hnsw", 500, false);
        }
        for (String type : QUANTIZED_ALSO.isEmpty() ? new String[0] : QUANTIZED_ALSO.split(",")) {
            String index = "bench-" + type;
            long t = System.nanoTime();
            index(index, type, data);
            log("%s: indexed %,d vectors as %s in %.1f s", data.name(), data.size(), type, seconds(t));
            for (int candidates : CANDIDATES) {
                approximateFarthest(index, type, data, lines, "quantized", candidates, false);
            }
            approximateFarthest(index, type, data, lines, "quantized", CANDIDATES[CANDIDATES.length - 1], true);
            client().admin().indices().prepareDelete(index).get();
        }
    }

    /**
     * Median time of approximate farthest top-10 and of exact, over the same probes; recall@10 and the 10th hit's
     * distance as a fraction of the exact 10th (farthest-first scores on a cosine field are (1 - cos) / 2, proportional
     * to the cosine distance). With {@code filtered}, both keep a tenth of the documents (the query's own filter).
     */
    private void approximateFarthest(String index, String indexType, BenchData data, List<String> lines, String source, int candidates,
        boolean filtered) throws IOException {
        int probes = 20;
        String filter = filtered ? ", \"filter\": {\"term\": {\"tenth\": true}}" : "";
        double recall = 0;
        double tenthRatio = 0;
        long[] exactNanos = new long[probes];
        long[] approxNanos = new long[probes];
        for (int p = -WARMUP; p < probes; p++) {
            // unmeasured probes first, so both modes run compiled, with the data they read already in memory
            float[] q = data.vectors()[Math.floorMod(p * 4999 + 77, data.size())];
            long t = System.nanoTime();
            Map<String, Object> exactAnswer = post("/" + index + "/_search", farthestBody(q, filter));
            long exactTime = System.nanoTime() - t;
            t = System.nanoTime();
            Map<String, Object> approxAnswer = post("/" + index + "/_search", farthestBody(q, filter + ", \"approximate\": true, "
                + "\"candidate_source\": \"" + source + "\", \"num_candidates\": " + candidates));
            long approxTime = System.nanoTime() - t;
            if (p < 0) {
                continue;
            }
            exactNanos[p] = exactTime;
            approxNanos[p] = approxTime;
            List<String> exact = hitIds(exactAnswer);
            List<String> approx = hitIds(approxAnswer);
            recall += approx.stream().filter(exact::contains).count() / (double) exact.size();
            tenthRatio += lastScore(approxAnswer) / lastScore(exactAnswer);
        }
        double approxMs = median(approxNanos) / 1e6;
        double exactMs = median(exactNanos) / 1e6;
        lines.add(String.format(Locale.ROOT, "%-44s %12.1f %12.1f %8.1fx   recall@10 %.3f, 10th distance %.5f of exact",
            String.format(Locale.ROOT, "  %s, %d cand.%s", source.equals("hnsw") ? "hnsw on -q" : "quantized " + indexType, candidates,
                filtered ? ", 10% filter" : ""), approxMs, exactMs, exactMs / approxMs,
            recall / probes, tenthRatio / probes));
    }

    /** A search body for the ten farthest from {@code q}, with further vector_neighbours options (each after ", "). */
    private static String farthestBody(float[] q, String options) {
        return "{\"size\": 10, \"_source\": false, \"query\": {\"vector_neighbours\": {\"field\": \"" + FIELD + "\", \"vector\": "
            + Arrays.toString(q) + ", \"direction\": \"farthest\"" + options + "}}}";
    }

    /** Without the plugin: pull every (filtered) vector over HTTP and compute the farthest ten. */
    private List<String> clientFarthest(float[] q, boolean filtered) throws IOException {
        PriorityQueue<Map.Entry<String, Double>> top = new PriorityQueue<>(Map.Entry.comparingByValue((a, b) -> Double.compare(b, a)));
        Integer after = null;
        while (true) {
            String body = "{\"size\": 2000, \"_source\": false, \"docvalue_fields\": [\"" + FIELD + "\"], \"sort\": [{\"n\": \"asc\"}]"
                + (filtered ? ", \"query\": {\"term\": {\"tenth\": true}}" : "")
                + (after == null ? "" : ", \"search_after\": [" + after + "]") + "}";
            List<Map<String, Object>> hits = hits(post("/" + INDEX + "/_search?filter_path=hits.hits._id,hits.hits.fields,hits.hits.sort", body));
            if (hits.isEmpty()) {
                break;
            }
            for (Map<String, Object> hit : hits) {
                float[] v = vectorIn(hit);
                double cosine = VectorMath.cosine(q, v);
                top.add(Map.entry((String) hit.get("_id"), cosine));
                if (top.size() > 10) {
                    top.poll();
                }
            }
            after = ((Number) ((List<?>) hits.get(hits.size() - 1).get("sort")).get(0)).intValue();
        }
        List<Map.Entry<String, Double>> result = new ArrayList<>(top);
        result.sort(Map.Entry.comparingByValue());
        return result.stream().map(Map.Entry::getKey).toList();
    }

    /**
     * A 20-step approximate walk three ways: the plugin in one round (the default), the plugin's sequential walk (one
     * search per stop, {@code "sequential": true}) and a client sending 20 kNN requests; then the exact walk both ways.
     * All three are run at least {@value #WARMUP} times to warm up, and until the JIT is quiet, then timed
     * {@code bench.walk_repeats} times (21 unless set), and the median is printed. {@code -Dbench.walk_loop=N} runs N more
     * one-round walks between the warm-up and the timing, for a profiler to watch.
     */
    private void benchmarkWalk(BenchData data, List<String> lines) throws IOException {
        int steps = 20;
        String from = "17";
        String to = Integer.toString(data.size() / 2 + 3);
        String walkBody = "{\"field\": \"" + FIELD + "\", \"from\": {\"id\": \"" + from + "\"}, \"to\": {\"id\": \"" + to + "\"}, \"steps\": "
            + steps + ", \"_source\": false}";
        String sequentialBody = walkBody.replace("\"steps\"", "\"sequential\": true, \"steps\"");
        String exactBody = walkBody.replace("\"steps\"", "\"exact\": true, \"steps\"");
        String exactSequentialBody = exactBody.replace("\"steps\"", "\"sequential\": true, \"steps\"");
        interface Walker {
            List<String> path(String body) throws IOException;
        }
        Walker walker = body -> {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> path = (List<Map<String, Object>>) post("/" + INDEX + "/_latent_walk", body).get("path");
            return path.stream().map(s -> (String) s.get("_id")).toList();
        };
        // The JIT goes on compiling for many requests after the first ones, on the same two cores the walks need (a walk's
        // round waits for its slowest search, so it suffers most): warm up until a round of all three walks leaves it quiet.
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int warmups = 0;
        for (int quiet = 0; (warmups < WARMUP || quiet < QUIET_ROUNDS) && warmups < MAX_WARMUP; warmups++) {
            long before = jit.getTotalCompilationTime();
            walker.path(walkBody);
            walker.path(sequentialBody);
            clientWalk(from, to, steps);
            quiet = jit.getTotalCompilationTime() - before < QUIET_JIT_MS ? quiet + 1 : 0;
        }
        log("walk warm-up: %d rounds of the three walks", warmups);
        for (int loop = Integer.getInteger("bench.walk_loop", 0); loop > 0; loop--) { // for a profiler
            walker.path(walkBody);
        }
        long[] pluginTimes = new long[WALK_REPEATS];
        long[] sequentialTimes = new long[WALK_REPEATS];
        long[] clientTimes = new long[WALK_REPEATS];
        List<String> pluginPath = null;
        List<String> sequentialPath = null;
        List<String> clientPath = null;
        long compiledBefore = jit.getTotalCompilationTime();
        for (int r = 0; r < WALK_REPEATS; r++) {
            long t = System.nanoTime();
            pluginPath = walker.path(walkBody);
            long pluginNanos = System.nanoTime() - t;
            t = System.nanoTime();
            sequentialPath = walker.path(sequentialBody);
            long sequentialNanos = System.nanoTime() - t;
            t = System.nanoTime();
            clientPath = clientWalk(from, to, steps);
            long clientNanos = System.nanoTime() - t;
            pluginTimes[r] = pluginNanos;
            sequentialTimes[r] = sequentialNanos;
            clientTimes[r] = clientNanos;
        }
        long compiledWhileTimed = jit.getTotalCompilationTime() - compiledBefore;
        assertEquals("one round takes the sequential walk's path", sequentialPath, pluginPath);
        // the exact walk is the reference the approximate walks are held against; it too runs in one round or stop by stop
        walker.path(exactBody);
        long t = System.nanoTime();
        List<String> exactPath = walker.path(exactBody);
        double exactMs = (System.nanoTime() - t) / 1e6;
        t = System.nanoTime();
        List<String> exactSequentialPath = walker.path(exactSequentialBody);
        double exactSequentialMs = (System.nanoTime() - t) / 1e6;
        assertEquals("the exact walk takes the same path in one round and stop by stop", exactSequentialPath, exactPath);
        double pluginMs = median(pluginTimes) / 1e6;
        double sequentialMs = median(sequentialTimes) / 1e6;
        double clientMs = median(clientTimes) / 1e6;
        lines.add(String.format(Locale.ROOT, "%-44s %12.1f %12.1f %8.1fx   stops as exact: plugin %d/%d, client %d/%d; "
            + "%d warm-up rounds, %d ms JIT while timed", "20-step walk, one round (vs 20 kNN requests)", pluginMs, clientMs,
            clientMs / pluginMs, same(pluginPath, exactPath), exactPath.size(), same(clientPath, exactPath), exactPath.size(), warmups,
            compiledWhileTimed));
        lines.add(String.format(Locale.ROOT, "%-44s %12.1f %12.1f %8.1fx   same path as one round: %s",
            "20-step walk, sequential (vs 20 kNN requests)", sequentialMs, clientMs, clientMs / sequentialMs,
            sequentialPath.equals(pluginPath)));
        lines.add(String.format(Locale.ROOT, "%-44s %12.1f %12.1f %8.1fx   (client column: one round vs sequential)",
            "20-step walk, one round vs sequential", pluginMs, sequentialMs, sequentialMs / pluginMs));
        lines.add(String.format(Locale.ROOT, "%-44s %12.1f %12.1f %8.1fx   (client column: the sequential exact walk)",
            "20-step exact walk, one round vs sequential", exactMs, exactSequentialMs, exactSequentialMs / exactMs));
    }

    private static int same(List<String> a, List<String> b) {
        int same = 0;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            same += a.get(i).equals(b.get(i)) ? 1 : 0;
        }
        return same;
    }

    /** Without the plugin: fetch both ends, then one kNN request per interpolation point, excluding the path so far. */
    private List<String> clientWalk(String from, String to, int steps) throws IOException {
        float[] a = vectorOf(from);
        float[] b = vectorOf(to);
        float[][] points = Interpolation.LINEAR.interiorPoints(a, b, steps);
        List<String> path = new ArrayList<>(List.of(from));
        Set<String> used = new HashSet<>(List.of(from, to));
        for (float[] point : points) {
            String body = "{\"size\": 1, \"_source\": false, \"knn\": {\"field\": \"" + FIELD + "\", \"query_vector\": " + Arrays.toString(point)
                + ", \"k\": 1, \"num_candidates\": 100, \"filter\": {\"bool\": {\"must_not\": {\"ids\": {\"values\": "
                + used.stream().map(s -> "\"" + s + "\"").toList() + "}}}}}}";
            String next = hitIds(post("/" + INDEX + "/_search", body)).get(0);
            used.add(next);
            path.add(next);
        }
        path.add(to);
        return path;
    }

    private float[] vectorOf(String id) throws IOException {
        List<Map<String, Object>> hits = hits(post("/" + INDEX + "/_search", "{\"size\": 1, \"_source\": false, \"docvalue_fields\": [\""
            + FIELD + "\"], \"query\": {\"ids\": {\"values\": [\"" + id + "\"]}}}"));
        return vectorIn(hits.get(0));
    }

    /** A dense_vector docvalue field comes back in JSON as a list holding one list of numbers. */
    @SuppressWarnings("unchecked")
    private static float[] vectorIn(Map<String, Object> hit) {
        List<Object> values = (List<Object>) ((Map<String, Object>) hit.get("fields")).get(FIELD);
        List<Number> numbers = values.get(0) instanceof List<?> inner ? (List<Number>) inner : (List<Number>) (List<?>) values;
        float[] v = new float[numbers.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = numbers.get(i).floatValue();
        }
        return v;
    }

    private static Map<String, Object> post(String path, String json) throws IOException {
        Request request = new Request("POST", path);
        request.setJsonEntity(json);
        Response response = getRestClient().performRequest(request);
        try (InputStream in = response.getEntity().getContent()) {
            return XContentHelper.convertToMap(XContentType.JSON.xContent(), in, false);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> hits(Map<String, Object> response) {
        Map<String, Object> hits = (Map<String, Object>) response.get("hits");
        return hits == null ? List.of() : (List<Map<String, Object>>) hits.get("hits");
    }

    private static double lastScore(Map<String, Object> response) {
        List<Map<String, Object>> hits = hits(response);
        return ((Number) hits.get(hits.size() - 1).get("_score")).doubleValue();
    }

    private static List<String> hitIds(Map<String, Object> response) {
        return hits(response).stream().map(h -> (String) h.get("_id")).toList();
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}

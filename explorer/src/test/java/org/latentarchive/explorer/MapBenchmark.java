package org.latentarchive.explorer;

import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.latentarchive.curator.ArtworkVectors;
import org.latentarchive.curator.VectorTable;
import org.latentarchive.curator.layout.LayoutJob;
import org.latentarchive.curator.layout.LayoutMethod;
import org.latentarchive.curator.layout.LayoutOptions;
import org.latentarchive.curator.layout.LayoutStore;
import org.latentarchive.curator.layout.MapLayouts;
import org.latentarchive.devnode.DevNode;
import org.latentarchive.embed.ImageModel;
import org.latentarchive.embed.model.NsfwjsModel;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.index.ArtworksIndex;
import org.latentarchive.index.EsClients;
import org.latentarchive.index.EsConfig;
import org.latentarchive.indexer.job.IndexConfig;
import org.latentarchive.indexer.job.IndexJob;
import org.latentarchive.indexer.source.LocalCollectionSource;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code ./latent-archive bench-map}: the whole-collection map at 30,000 and 100,000 artworks. The sample collection's
 * 267 real MobileNetV2 vectors (embedded by the real indexer into a development node of its own, kept under the work
 * folder so that a second run embeds nothing) are repeated with small Gaussian noise into a throwaway index, each copy
 * keeping its original's metadata and image. Per size it prints the layout job's time per method, the map API's
 * time and bytes for the whole set (binary, gzip on the wire, and the JSON form as the baseline a per-point JSON API
 * would send), a filtered subset's time, an atlas's time, the page's time to first draw in headless Chromium and the
 * explorer's heap. A benchmark, not a test: it asserts nothing.
 */
public final class MapBenchmark {

    private static final String SPACE = ArtworksIndex.DEFAULT_SPACE;
    private static final String FIELD = ArtworksIndex.vectorField(SPACE);
    private static final String INDEX = "map_bench";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        List<Integer> sizes = Arrays.stream(options.getOrDefault("sizes", "30000,100000").split(",")).map(String::trim)
            .map(Integer::parseInt).toList();
        Path work = Path.of(options.getOrDefault("work", "data/bench-map")).toAbsolutePath();
        int tsneMax = Integer.parseInt(options.getOrDefault("tsne-max", "30000"));
        int fullJobMax = Integer.parseInt(options.getOrDefault("full-job-max", "30000"));
        int tsneIterations = Integer.parseInt(options.getOrDefault("tsne-iterations", String.valueOf(LayoutOptions.TSNE_ITERATIONS)));
        double noise = Double.parseDouble(options.getOrDefault("noise", "0.05"));
        Path collection = Path.of(options.getOrDefault("collection", "../shared/collections/aic-paintings")).toAbsolutePath().normalize();
        Path dist = Path.of(options.getOrDefault("devnode", "devnode/target/devnode")).toAbsolutePath();
        Files.createDirectories(work);
        PrintStream log = new PrintStream(Files.newOutputStream(work.resolve("bench.log")), true, StandardCharsets.UTF_8);

        OUT.printf(Locale.ROOT, "bench-map: %d cores, JVM heap max %d MB; sizes %s; t-SNE up to %d artworks (%d iterations); noise %.2f x each vector's RMS%n",
            Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, sizes, tsneMax, tsneIterations, noise);
        try (DevNode node = DevNode.start(dist, work.resolve("node-home"), work.resolve("node-data"), 0, log, Duration.ofMinutes(3));
             co.elastic.clients.elasticsearch.ElasticsearchClient client = EsClients.connect(EsConfig.of(node.url()))) {
            ElasticsearchClient es = new ElasticsearchClient(EsConfig.of(node.url()), JSON);
            Sample sample = sample(node, es, client, collection, log);
            OUT.printf(Locale.ROOT, "sample: %d artworks of %d dims from %s%n", sample.vectors.size(), sample.vectors.dims(), collection);
            for (int n : sizes) {
                OUT.println();
                OUT.printf(Locale.ROOT, "== %,d artworks ==%n", n);
                List<LayoutMethod> methods = new ArrayList<>(LayoutMethod.parseAll(List.of(options.getOrDefault("methods", "pca,umap,tsne,grid"))));
                if (n > tsneMax && methods.contains(LayoutMethod.TSNE)) {
                    methods.remove(LayoutMethod.TSNE);
                    OUT.printf(Locale.ROOT, "t-SNE SKIPPED at %,d artworks (--tsne-max %d): Barnes-Hut t-SNE here takes too long for this run%n", n, tsneMax);
                }
                LayoutOptions layout = new LayoutOptions(methods, LayoutOptions.CLUSTERS, LayoutOptions.REDUCED_DIMS,
                    LayoutOptions.PCA_SAMPLE, 0, LayoutOptions.NEIGHBOURS, LayoutOptions.PERPLEXITY, tsneIterations,
                    Runtime.getRuntime().availableProcessors());
                if (n <= fullJobMax) {
                    long written = write(client, es, sample, n, noise, null);
                    OUT.printf(Locale.ROOT, "throwaway index %s written in %.1f s (vectors stored, not indexed for kNN)%n", INDEX, written / 1000.0);
                    long start = System.nanoTime();
                    LayoutJob.Summary job = LayoutJob.run(new ArtworkVectors(client, INDEX), FIELD, layout, (f, m) -> log.printf("%s %.3f %s%n", java.time.Instant.now(), f, m));
                    long total = (System.nanoTime() - start) / 1_000_000;
                    OUT.printf(Locale.ROOT, "layout job through Elasticsearch: %.1f s in all; read the vectors %.1f s, PCA to 50 axes %.1f s, k-means (k = 12) %.1f s, layouts written %.1f s%n",
                        total / 1000.0, job.readMillis() / 1000.0, job.reduceMillis() / 1000.0, job.clusterMillis() / 1000.0, job.writeMillis() / 1000.0);
                    job.layoutMillis().forEach((m, ms) -> OUT.printf(Locale.ROOT, "  %-5s %7.1f s%n", m.key(), ms / 1000.0));
                } else {
                    // the job's computation on the same noisy vectors in memory; only the artworks and their layouts
                    // go to the index (writing and reading 100,000 vectors of 1792 dims would take this run's hour)
                    VectorTable table = noisy(sample, n, noise);
                    long start = System.nanoTime();
                    MapLayouts.Result result = MapLayouts.compute(table, layout, (f, m) -> log.printf("%s %.3f %s%n", java.time.Instant.now(), f, m));
                    long total = (System.nanoTime() - start) / 1_000_000;
                    table = null;
                    OUT.printf(Locale.ROOT, "layout job's computation in memory (its Elasticsearch read and write left out): %.1f s in all; PCA to 50 axes %.1f s, k-means (k = 12) %.1f s%n",
                        total / 1000.0, result.reduceMillis() / 1000.0, result.clusterMillis() / 1000.0);
                    result.layouts().forEach((m, p) -> OUT.printf(Locale.ROOT, "  %-5s %7.1f s%n", m.key(), p.millis() / 1000.0));
                    long written = write(client, es, sample, n, noise, result);
                    OUT.printf(Locale.ROOT, "throwaway index %s written with the layouts in %.1f s (no vectors)%n", INDEX, written / 1000.0);
                }
                List<String> shown = methods.contains(LayoutMethod.UMAP) ? List.of("umap", "grid") : List.of("pca", "grid");
                serve(node, collection, work, n, sample, shown);
            }
            es.send("DELETE", "/" + INDEX, null);
        }
    }

    private record Sample(VectorTable vectors, Map<String, JsonNode> sources) {
    }

    /** The sample collection indexed by the real indexer (once: the node's data is kept), with its documents. */
    private static Sample sample(DevNode node, ElasticsearchClient es, co.elastic.clients.elasticsearch.ElasticsearchClient client,
                                 Path collection, PrintStream log) throws Exception {
        boolean present;
        try {
            present = es.send("GET", "/" + ArtworksIndex.DEFAULT_NAME + "/_count", null).path("count").asInt() >= 267;
        } catch (RuntimeException e) {
            present = false;
        }
        if (!present) {
            OUT.println("embedding the sample collection with the real indexer (once; kept in the work folder)");
            ImageModel model = ImageModel.mobilenetV2(NsfwjsModel.defaultCacheDir(), log);
            try (LocalCollectionSource source = LocalCollectionSource.of(collection)) {
                IndexJob.run(IndexConfig.defaults(source, EsConfig.of(node.url()), model, log));
            }
        }
        VectorTable vectors = new ArtworkVectors(client, ArtworksIndex.DEFAULT_NAME).read(FIELD);
        ObjectNode body = JSON.createObjectNode().put("size", 1000);
        body.putArray("_source").add("title").add("artist").add("dating").add("public_domain").add("techniques")
            .add("materials").add("image.local_path").add("image.sha256");
        Map<String, JsonNode> sources = new HashMap<>();
        es.search(ArtworksIndex.DEFAULT_NAME, body).path("hits").path("hits").forEach(h -> sources.put(h.path("_id").asText(), h.path("_source")));
        return new Sample(vectors, sources);
    }

    /** n copies of the sample's artworks, each vector with Gaussian noise, into a fresh index; returns the ms it took. */
    private static long write(co.elastic.clients.elasticsearch.ElasticsearchClient client, ElasticsearchClient es, Sample sample,
                              int n, double noise, MapLayouts.Result layouts) throws Exception {
        long start = System.nanoTime();
        try {
            es.send("DELETE", "/" + INDEX, null);
        } catch (RuntimeException e) {
            // not there yet
        }
        ObjectNode body = ArtworksIndex.indexBody(SPACE, sample.vectors.dims(), 1, 0);
        ObjectNode vector = (ObjectNode) body.path("mappings").path("properties").path("vectors").path("properties").path(SPACE);
        // the map never searches by vector: stored only, the job reads them from _source; HNSW would cost minutes here
        vector.put("index", false);
        vector.remove("index_options");
        vector.remove("similarity");
        ((ObjectNode) body.path("settings")).put("index.refresh_interval", "-1");
        es.send("PUT", "/" + INDEX, body);
        if (layouts != null) {
            new LayoutStore(client, INDEX).map(SPACE, layouts);
        }
        SplittableRandom random = new SplittableRandom(42);
        int rows = sample.vectors.size();
        int page = 500;
        for (int from = 0; from < n; from += page) {
            List<BulkOperation> operations = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + page); i++) {
                int row = i % rows;
                @SuppressWarnings("unchecked")
                Map<String, Object> doc = JSON.convertValue(sample.sources.get(sample.vectors.id(row)), LinkedHashMap.class);
                doc = doc == null ? new LinkedHashMap<>() : doc;
                doc.put("title", doc.getOrDefault("title", "Untitled") + (i >= rows ? " (copy " + (i / rows) + ")" : ""));
                if (layouts == null) {
                    doc.put("vectors", Map.of(SPACE, noisy(sample.vectors.vector(row), random, noise)));
                } else {
                    Map<String, Object> forSpace = new LinkedHashMap<>();
                    int at = i;
                    layouts.layouts().forEach((m, p) -> forSpace.put(m.key(), Map.of("x", p.x()[at], "y", p.y()[at])));
                    forSpace.put("cluster", layouts.clusters()[i]);
                    doc.put("layout", Map.of(SPACE, forSpace));
                }
                String id = String.format(Locale.ROOT, "B%07d", i);
                Map<String, Object> source = doc;
                operations.add(BulkOperation.of(b -> b.index(x -> x.index(INDEX).id(id).document(source))));
            }
            BulkResponse response = client.bulk(b -> b.operations(operations));
            if (response.errors()) {
                throw new IllegalStateException("bulk failed: " + response.items().stream().filter(it -> it.error() != null)
                    .findFirst().map(it -> it.error().reason()).orElse("?"));
            }
        }
        es.send("PUT", "/" + INDEX + "/_settings", JSON.readTree("{\"index.refresh_interval\": \"1s\"}"));
        es.send("POST", "/" + INDEX + "/_refresh", null);
        if (layouts != null) {
            new LayoutStore(client, INDEX).recordMeta(SPACE, layouts);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The sample's vectors repeated to n rows, each with noise, ids as {@link #write} gives them. */
    private static VectorTable noisy(Sample sample, int n, double noise) {
        SplittableRandom random = new SplittableRandom(42);
        List<String> ids = new ArrayList<>(n);
        List<float[]> vectors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(String.format(Locale.ROOT, "B%07d", i));
            vectors.add(noisy(sample.vectors.vector(i % sample.vectors.size()), random, noise));
        }
        return new VectorTable(ids, vectors);
    }

    private static float[] noisy(float[] original, SplittableRandom random, double noise) {
        double rms = Math.sqrt(org.latentarchive.vectors.VectorMath.dot(original, original) / original.length);
        float[] noisy = new float[original.length];
        for (int d = 0; d < noisy.length; d++) {
            noisy[d] = (float) (original[d] + nextGaussian(random) * noise * rms);
        }
        return noisy;
    }

    /** The explorer on the bench index: the map API, a filtered subset, an atlas, the page, the heap. */
    private static void serve(DevNode node, Path collection, Path work, int n, Sample sample, List<String> shown) throws Exception {
        long baseline = heapAfterGc();
        ExplorerConfig local = ExplorerConfig.local(node.url(), 0);
        ExplorerConfig config = new ExplorerConfig(local.host(), 0, local.es(), INDEX, SPACE, collection, local.models(),
            local.access(), work.resolve("explorer-cache-" + n));
        try (ExplorerApp explorer = ExplorerApp.start(config)) {
            String base = "http://127.0.0.1:" + explorer.port();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String layout : shown) {
                String url = base + "/api/map?field=" + SPACE + "&layout=" + layout;
                Timed cold = get(http, url, false);
                List<Long> warm = new ArrayList<>();
                Timed last = cold;
                for (int i = 0; i < 7; i++) {
                    last = get(http, url, false);
                    warm.add(last.nanos);
                }
                Timed gzip = get(http, url, true);
                get(http, url + "&format=json", false);
                List<Long> jsonTimes = new ArrayList<>();
                Timed json = null;
                for (int i = 0; i < 3; i++) {
                    json = get(http, url + "&format=json", false);
                    jsonTimes.add(json.nanos);
                }
                Timed jsonGzip = get(http, url + "&format=json", true);
                Timed labels = get(http, base + "/api/map/labels?field=" + SPACE + "&layout=" + layout, true);
                OUT.printf(Locale.ROOT, "GET /api/map layout=%s, whole set (%,d points): first %.0f ms (reads the layout into the cache), then median %.0f ms; %s binary, %s with gzip on the wire%n",
                    layout, MapPoints.decode(last.body).ids().size(), cold.nanos / 1e6, median(warm) / 1e6, mb(last.body.length), mb(gzip.wireBytes));
                OUT.printf(Locale.ROOT, "  baseline, the same points as JSON objects (format=json): median %.0f ms, %s (%s gzip): the binary body is %.1fx smaller (%.1fx with gzip)%n",
                    median(jsonTimes) / 1e6, mb(json.body.length), mb(jsonGzip.wireBytes), json.body.length / (double) last.body.length,
                    jsonGzip.wireBytes / (double) gzip.wireBytes);
                OUT.printf(Locale.ROOT, "  GET /api/map/labels: %.0f ms, %s with gzip%n", labels.nanos / 1e6, mb(labels.wireBytes));
            }
            String artist = JSON.readTree(get(http, base + "/api/search?size=1", false).body).path("facets").path("artists").path(0)
                .path("value").asText();
            String filtered = base + "/api/map?field=" + SPACE + "&layout=" + shown.get(0) + "&yearFrom=1800&artist="
                + java.net.URLEncoder.encode(artist, StandardCharsets.UTF_8);
            get(http, filtered, false);
            List<Long> times = new ArrayList<>();
            Timed subset = null;
            for (int i = 0; i < 5; i++) {
                subset = get(http, filtered, false);
                times.add(subset.nanos);
            }
            Timed textual = get(http, base + "/api/map?field=" + SPACE + "&layout=" + shown.get(0) + "&q=portrait", false);
            OUT.printf(Locale.ROOT, "filtered subset (artist + yearFrom): %,d points, median %.0f ms; q=portrait: %,d points, %.0f ms%n",
                MapPoints.decode(subset.body).ids().size(), median(times) / 1e6, MapPoints.decode(textual.body).ids().size(), textual.nanos / 1e6);
            MapPoints all = MapPoints.decode(get(http, base + "/api/map?field=" + SPACE + "&layout=" + shown.get(0), false).body);
            String atlasUrl = base + "/api/map/atlas?field=" + SPACE + "&layout=" + shown.get(0) + "&n=0&v=" + all.header().path("version").asText();
            Timed atlasCold = get(http, atlasUrl, false);
            Timed atlasWarm = get(http, atlasUrl, false);
            JsonNode shape = all.header().path("atlas");
            OUT.printf(Locale.ROOT, "atlas 0 of %d (%d thumbnails of %d px in %d x %d): made in %.1f s, %s; from the disk cache %.0f ms%n",
                shape.path("count").asInt(), shape.path("perAtlas").asInt(), shape.path("cell").asInt(), shape.path("size").asInt(),
                shape.path("size").asInt(), atlasCold.nanos / 1e9, mb(atlasCold.body.length), atlasWarm.nanos / 1e6);
            page(base, shown);
            long used = heapAfterGc();
            OUT.printf(Locale.ROOT, "explorer heap: %d MB (heap used after GC with the explorer serving two layouts, less before it started; the whole JVM %d MB)%n",
                Math.max(0, used - baseline) >> 20, used >> 20);
        }
    }

    /** The map page in headless Chromium: the time of the "map-first-draw" mark, or "page not available". */
    private static void page(String base, List<String> shown) {
        HeadlessChromium chromium = new HeadlessChromium("bench-map", 1400, 1000);
        try {
            chromium.beforeAll(null);
            ChromeDriver driver = chromium.driver();
            for (String layout : shown) {
                // a page load of its own for each layout (a hash change alone would keep the first one's page and mark)
                driver.get("about:blank");
                driver.get(base + "/#/map?field=" + SPACE + "&layout=" + layout);
                long deadline = System.currentTimeMillis() + 60_000;
                String state = "";
                while (System.currentTimeMillis() < deadline) {
                    // read through the page, not an element handle: the view re-renders while it loads
                    state = String.valueOf(((JavascriptExecutor) driver).executeScript(
                        "const v = document.getElementById('map-view'); return v ? (v.dataset.state || 'loading') : '';"));
                    if (state.equals("drawn") || state.equals("error")) {
                        break;
                    }
                    if (state.isEmpty() && System.currentTimeMillis() > deadline - 40_000) {
                        break;
                    }
                    Thread.sleep(100);
                }
                if (!state.equals("drawn")) {
                    OUT.println("page (" + layout + "): page not available (#map-view " + (state.isEmpty() ? "absent" : "data-state=" + state) + ")");
                    continue;
                }
                Object mark = ((JavascriptExecutor) driver).executeScript(
                    "const m = performance.getEntriesByName('map-first-draw'); return m.length ? m[0].startTime : null;");
                Object points = ((JavascriptExecutor) driver).executeScript("return document.getElementById('map-view').dataset.points;");
                OUT.printf(Locale.ROOT, "page (%s): first draw of %s points at %.0f ms after navigation start (performance mark map-first-draw)%n",
                    layout, points, mark instanceof Number num ? num.doubleValue() : Double.NaN);
            }
        } catch (Exception e) {
            OUT.println("page: page not available (" + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        } finally {
            chromium.afterAll(null);
        }
    }

    private record Timed(long nanos, byte[] body, long wireBytes) {
    }

    private static Timed get(HttpClient http, String url, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5));
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        long nanos = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        byte[] body = response.body();
        long wire = body.length;
        if (response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
            body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
        }
        return new Timed(nanos, body, wire);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        return sorted.get(sorted.size() / 2);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    private static double nextGaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help")) {
                OUT.println("bench-map [--sizes 30000,100000] [--tsne-max 30000] [--full-job-max 30000] [--methods pca,umap,tsne,grid] [--tsne-iterations 1000] [--noise 0.05] "
                    + "[--work data/bench-map] [--collection ../shared/collections/aic-paintings]");
                System.exit(0);
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                System.err.println("bench-map: bad option '" + a + "' (--help lists them)");
                System.exit(2);
            }
            options.put(a.substring(2), args[++i]);
        }
        return options;
    }
}

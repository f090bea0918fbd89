package org.latentarchive.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.latentarchive.devnode.DevNode;
import org.latentarchive.devnode.NodeSettings;
import org.latentarchive.embed.Embedder;
import org.latentarchive.embed.ImageModel;
import org.latentarchive.embed.model.NsfwjsModel;
import org.latentarchive.index.ArtworksIndex;
import org.latentarchive.index.EsConfig;
import org.latentarchive.indexer.job.IndexConfig;
import org.latentarchive.indexer.job.IndexJob;
import org.latentarchive.indexer.job.IndexSummary;
import org.latentarchive.indexer.source.LocalCollectionSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code ./latent-archive bench-cluster}: the local three-node cluster against the development node, on the sample
 * collection, and the same cluster losing a node to kill -9 while the indexer writes and queries run.
 *
 * <ol>
 * <li>The development node indexes the collection with the real indexer into {@code artworks} (one shard). Its data
 * folder is kept under {@code --work}, so later runs embed nothing; the same documents, vectors included, are copied
 * with bulk requests into {@code artworks_3} on the same node (3 shards) and into {@code artworks} on the cluster (3
 * primaries, 1 replica). All three are force-merged to one segment per shard copy.</li>
 * <li>Equality: every artwork's 12 nearest and 12 farthest ({@code vector_neighbours}) on the cluster, on both
 * single-node indices and by brute force over the vectors; seeded walks ({@code _latent_walk}: exact, HNSW,
 * random among the top k) and {@code vector_clusters} (k-means, Ward, with a filter) on the cluster and the node.</li>
 * <li>Fault: the indexer (the real one, embedding every image again: a fresh index must be written by the indexer
 * itself for the kill to hit its writes) fills {@code artworks_fault} (3 primaries, 1 replica) through the first node,
 * while a client sends the three kinds of query through the first node too; once a quarter of the collection is in,
 * another node (the elected master if it is not the first node) gets SIGKILL, comes back after {@code --down}
 * seconds on the same data folder, and the cluster must turn green. Then the indexer runs once more and must embed
 * nothing.</li>
 * </ol>
 * Prints the figures; the exit code is 0 only when every check holds.
 */
@Command(name = "bench-cluster", mixinStandardHelpOptions = true, version = "Latent Archive cluster check 0.1",
    description = "The local cluster's answers against the development node's, and a node killed while indexing.")
public final class ClusterFaultCheck implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = ArtworksIndex.DEFAULT_NAME;
    private static final String FAULT_INDEX = "artworks_fault";
    private static final String FIELD = ArtworksIndex.vectorField(NsfwjsModel.MODEL_NAME);
    private static final int NEIGHBOURS = 12;
    private static final int WALKS = 20;
    private static final double TIE = 1e-6;

    @Option(names = "--collection", paramLabel = "DIR", defaultValue = DemoOptions.HOME + "/../shared/collections/aic-paintings",
        description = "the collection to index (default: the sample paintings beside the project)")
    Path collection;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = DemoOptions.HOME + "/data/cluster-check",
        description = "the development node's data (kept: later runs embed nothing there), the cluster's (new each run), logs")
    Path work;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "640m", description = "each node's heap (default ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--down", paramLabel = "SECONDS", defaultValue = "20", description = "how long the killed node stays down (default ${DEFAULT-VALUE})")
    int downSeconds;

    @Option(names = "--dist", paramLabel = "DIR", defaultValue = DemoOptions.HOME + "/devnode/target/devnode", hidden = true,
        description = "the development node's build")
    Path dist;

    private final PrintStream out = System.out;
    private final List<String> failures = new ArrayList<>();

    public static void main(String[] args) {
        LauncherCommands.run("bench-cluster", new ClusterFaultCheck(), args);
    }

    @Override
    public Integer call() throws Exception {
        Path root = Files.createDirectories(work.toAbsolutePath());
        Path source = collection.toAbsolutePath();
        ImageModel model = ImageModel.mobilenetV2(NsfwjsModel.defaultCacheDir(), out);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
             Embedder embedder = Embedder.open(model, 0, false);
             PrintStream nodeLog = new PrintStream(Files.newOutputStream(root.resolve("single-node.log")), true, StandardCharsets.UTF_8);
             PrintStream indexLog = new PrintStream(Files.newOutputStream(root.resolve("indexer.log")), true, StandardCharsets.UTF_8)) {

            out.println("bench-cluster: development node (data in " + root.resolve("single") + ")");
            List<Doc> docs;
            Map<String, Object> single1 = new LinkedHashMap<>();
            Map<String, Object> single3 = new LinkedHashMap<>();
            deleteTree(root.resolve("cluster"));
            try (DevNode single = DevNode.start(dist, root.resolve("single").resolve("home"), root.resolve("single").resolve("data"),
                new NodeSettings(NodeSettings.SINGLE_NAME, NodeSettings.SINGLE_NAME, 0, 0, List.of(), List.of(), heap), nodeLog,
                Duration.ofMinutes(3))) {
                IndexSummary first = IndexJob.run(IndexConfig.defaults(LocalCollectionSource.of(source), EsConfig.of(single.url()),
                    model, indexLog), embedder);
                out.println("bench-cluster: development node indexed: " + first.describe().lines().findFirst().orElse(""));
                ClusterHttp node = new ClusterHttp(http, single.url());
                node.send("POST", "/" + INDEX + "/_refresh", null);
                docs = readAll(node, INDEX);
                out.println("bench-cluster: " + docs.size() + " artworks with vectors read back");
                copy(node, "artworks_3", ArtworksIndex.indexBody(NsfwjsModel.MODEL_NAME, NsfwjsModel.DIMS, 3, 0), docs);
                node.send("POST", "/" + INDEX + "/_forcemerge?max_num_segments=1", null);

                out.println("bench-cluster: starting 3 nodes (data and logs in " + root.resolve("cluster") + ")");
                try (LocalCluster cluster = LocalCluster.start(dist, root.resolve("cluster"), 3, 0, 0, heap, Duration.ofMinutes(4))) {
                    ClusterHttp first0 = new ClusterHttp(http, cluster.url(0));
                    copy(first0, INDEX, ArtworksIndex.indexBody(NsfwjsModel.MODEL_NAME, NsfwjsModel.DIMS, 3, 1), docs);
                    require(cluster.awaitGreen(0, Duration.ofMinutes(3)), "the cluster's copy goes green");
                    out.println("bench-cluster: shards of the cluster's copy: " + shardLayout(first0, INDEX));
                    List<ClusterHttp> nodes = List.of(first0, new ClusterHttp(http, cluster.url(1)), new ClusterHttp(http, cluster.url(2)));
                    compare(docs, node, nodes);
                    single.close();
                    fault(cluster, nodes, docs, source, model, embedder, indexLog);
                }
            }
        }
        out.println();
        if (failures.isEmpty()) {
            out.println("bench-cluster: every check holds");
            return 0;
        }
        out.println("bench-cluster: " + failures.size() + " checks failed:");
        failures.forEach(f -> out.println("  " + f));
        return 1;
    }

    /** One artwork as the node holds it: its source, vector included, and that vector as floats. */
    record Doc(String id, JsonNode source, float[] vector) {
    }

    private static List<Doc> readAll(ClusterHttp es, String index) throws Exception {
        ObjectNode query = JSON.createObjectNode().put("size", 10_000);
        query.putArray("sort").add("_doc");
        List<Doc> docs = new ArrayList<>();
        for (JsonNode hit : es.send("POST", "/" + index + "/_search", query).path("hits").path("hits")) {
            JsonNode vector = hit.path("_source").path("vectors").path(NsfwjsModel.MODEL_NAME);
            if (vector.isArray()) {
                float[] v = new float[vector.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) vector.get(i).asDouble();
                }
                docs.add(new Doc(hit.path("_id").asText(), hit.path("_source"), v));
            }
        }
        docs.sort(Comparator.comparing(Doc::id));
        return docs;
    }

    /** Creates {@code index} with {@code body} and bulk-writes {@code docs} into it, then merges each shard copy to one segment. */
    private static void copy(ClusterHttp es, String index, ObjectNode body, List<Doc> docs) throws Exception {
        HttpResponse<String> exists = es.raw("HEAD", "/" + index, null, Duration.ofSeconds(30));
        if (exists.statusCode() == 200) {
            es.send("DELETE", "/" + index, null);
        }
        es.send("PUT", "/" + index, body);
        for (int from = 0; from < docs.size(); from += 50) {
            StringBuilder bulk = new StringBuilder();
            for (Doc doc : docs.subList(from, Math.min(docs.size(), from + 50))) {
                bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":").append(JSON.writeValueAsString(doc.id()))
                    .append("}}\n").append(JSON.writeValueAsString(doc.source())).append('\n');
            }
            JsonNode answer = es.bulk(bulk.toString());
            if (answer.path("errors").asBoolean()) {
                throw new IOException("bulk copy into " + index + " failed: " + answer.toString().substring(0, 500));
            }
        }
        es.send("POST", "/" + index + "/_refresh", null);
        es.send("POST", "/" + index + "/_forcemerge?max_num_segments=1", null);
    }

    private static String shardLayout(ClusterHttp es, String index) throws Exception {
        Map<String, List<String>> byNode = new java.util.TreeMap<>();
        for (JsonNode shard : es.get("/_cat/shards/" + index + "?format=json")) {
            byNode.computeIfAbsent(shard.path("node").asText(), n -> new ArrayList<>())
                .add(shard.path("shard").asText() + ("p".equals(shard.path("prirep").asText()) ? "P" : "r"));
        }
        return byNode.toString();
    }

    // ---- equality ----

    private void compare(List<Doc> docs, ClusterHttp single, List<ClusterHttp> nodes) throws Exception {
        Map<String, float[]> vectors = docs.stream().collect(Collectors.toMap(Doc::id, Doc::vector));
        int[] neighbours = new int[5];
        int asked = 0;
        for (String direction : List.of("nearest", "farthest")) {
            for (Doc doc : docs) {
                List<String> brute = bruteForce(doc, docs, direction.equals("nearest"));
                List<String> cluster = neighbours(nodes.get(asked++ % nodes.size()), INDEX, doc.id(), direction);
                List<String> one = neighbours(single, INDEX, doc.id(), direction);
                List<String> three = neighbours(single, "artworks_3", doc.id(), direction);
                neighbours[0]++;
                neighbours[1] += sameRanking(cluster, brute, doc.vector(), vectors) ? 1 : 0;
                neighbours[2] += cluster.equals(one) ? 1 : 0;
                neighbours[3] += cluster.equals(three) ? 1 : 0;
                neighbours[4] += sameRanking(one, brute, doc.vector(), vectors) ? 1 : 0;
            }
        }
        out.printf(Locale.ROOT, "vector_neighbours (12 nearest and 12 farthest of each of %d artworks, %d queries):%n"
                + "  cluster = brute force %d/%d; cluster = node (1 shard) %d/%d; cluster = node (3 shards) %d/%d; node (1 shard) = brute force %d/%d%n",
            docs.size(), neighbours[0], neighbours[1], neighbours[0], neighbours[2], neighbours[0], neighbours[3], neighbours[0],
            neighbours[4], neighbours[0]);
        require(neighbours[1] == neighbours[0], "every cluster neighbour list equals brute force");
        require(neighbours[2] == neighbours[0], "every cluster neighbour list equals the development node's");

        Random random = new Random(42);
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < WALKS; i++) {
            pairs.add(new String[] {docs.get(random.nextInt(docs.size())).id(), docs.get(random.nextInt(docs.size())).id()});
        }
        for (String variant : List.of("exact", "hnsw", "random_top_k")) {
            int same1 = 0, same3 = 0;
            for (int i = 0; i < pairs.size(); i++) {
                ObjectNode walk = walkBody(pairs.get(i), variant);
                List<String> cluster = walkPath(nodes.get(i % nodes.size()), INDEX, walk);
                same1 += cluster.equals(walkPath(single, INDEX, walk)) ? 1 : 0;
                same3 += cluster.equals(walkPath(single, "artworks_3", walk)) ? 1 : 0;
            }
            out.printf(Locale.ROOT, "_latent_walk %-12s (%d seeded pairs, 8 steps): cluster = node (1 shard) %d/%d; cluster = node (3 shards) %d/%d%n",
                variant, pairs.size(), same1, pairs.size(), same3, pairs.size());
            require(same1 == pairs.size(), "every " + variant + " walk on the cluster equals the development node's");
        }

        for (String variant : List.of("kmeans", "ward", "kmeans, public domain only")) {
            ObjectNode request = clustersBody(variant);
            String one = buckets(single, INDEX, request);
            String three = buckets(single, "artworks_3", request);
            int same1 = 0, same3 = 0;
            for (ClusterHttp node : nodes) {
                String cluster = buckets(node, INDEX, request);
                same1 += cluster.equals(one) ? 1 : 0;
                same3 += cluster.equals(three) ? 1 : 0;
            }
            out.printf(Locale.ROOT, "vector_clusters %-26s (k 8, asked through each node): cluster = node (1 shard) %d/3; cluster = node (3 shards) %d/3%n",
                variant, same1, same3);
            if (same1 < 3) {
                out.println("    node, 1 shard: " + one + "\n    cluster:       " + buckets(nodes.get(0), INDEX, request));
            }
            require(same3 == 3, variant + " buckets on the cluster equal the development node's on the same shards");
        }
    }

    private static List<String> neighbours(ClusterHttp es, String index, String id, String direction) throws Exception {
        ObjectNode query = JSON.createObjectNode().put("size", NEIGHBOURS).put("_source", false);
        query.putObject("query").putObject("vector_neighbours").put("field", FIELD).put("id", id).put("direction", direction);
        List<String> ids = new ArrayList<>();
        es.send("POST", "/" + index + "/_search", query).path("hits").path("hits").forEach(h -> ids.add(h.path("_id").asText()));
        return ids;
    }

    /** The ranking by cosine over every other artwork, as {@code vector_neighbours} defines it. */
    private static List<String> bruteForce(Doc of, List<Doc> docs, boolean nearest) {
        Comparator<Doc> byCosine = Comparator.comparingDouble(d -> cosine(of.vector(), d.vector()));
        return docs.stream().filter(d -> !d.id().equals(of.id()))
            .sorted(nearest ? byCosine.reversed() : byCosine).limit(NEIGHBOURS).map(Doc::id).toList();
    }

    /** Equal lists, where a different artwork at a position is accepted only when its cosine ties the expected one's. */
    private static boolean sameRanking(List<String> got, List<String> want, float[] q, Map<String, float[]> vectors) {
        if (got.size() != want.size()) {
            return false;
        }
        for (int i = 0; i < got.size(); i++) {
            if (!got.get(i).equals(want.get(i))
                && Math.abs(cosine(q, vectors.get(got.get(i))) - cosine(q, vectors.get(want.get(i)))) > TIE) {
                return false;
            }
        }
        return true;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static ObjectNode walkBody(String[] pair, String variant) {
        ObjectNode walk = JSON.createObjectNode().put("field", FIELD).put("steps", 8).put("_source", false);
        walk.putObject("from").put("id", pair[0]);
        walk.putObject("to").put("id", pair[1]);
        switch (variant) {
            case "exact" -> walk.put("exact", true);
            case "random_top_k" -> walk.put("exact", true).put("pick", "random_top_k").put("k", 5).put("seed", 3);
            default -> { }
        }
        return walk;
    }

    private static List<String> walkPath(ClusterHttp es, String index, ObjectNode walk) throws Exception {
        List<String> ids = new ArrayList<>();
        es.send("POST", "/" + index + "/_latent_walk", walk).path("path").forEach(s -> ids.add(s.path("_id").asText()));
        return ids;
    }

    private static ObjectNode clustersBody(String variant) {
        ObjectNode request = JSON.createObjectNode().put("size", 0);
        if (variant.contains("public domain")) {
            request.putObject("query").putObject("term").put("public_domain", true);
        }
        request.putObject("aggs").putObject("clusters").putObject("vector_clusters").put("field", FIELD).put("k", 8)
            .put("algorithm", variant.startsWith("ward") ? "ward" : "kmeans").put("seed", 0).put("representatives", 3);
        return request;
    }

    /** The buckets as text: the inertia (rounded), then key, doc_count and representatives' ids, in order. */
    private static String buckets(ClusterHttp es, String index, ObjectNode request) throws Exception {
        StringBuilder text = new StringBuilder();
        JsonNode clusters = es.send("POST", "/" + index + "/_search", request).path("aggregations").path("clusters");
        text.append(String.format(Locale.ROOT, "inertia %.2f: ", clusters.path("inertia").asDouble()));
        for (JsonNode bucket : clusters.path("buckets")) {
            text.append(bucket.path("key").asText()).append(':').append(bucket.path("doc_count").asText()).append('[');
            bucket.path("representatives").forEach(r -> text.append(r.path("id").asText()).append(' '));
            text.append("] ");
        }
        return text.toString().trim();
    }

    // ---- fault ----

    private void fault(LocalCluster cluster, List<ClusterHttp> nodes, List<Doc> docs, Path source, ImageModel model,
                       Embedder embedder, PrintStream indexLog) throws Exception {
        ClusterHttp via = nodes.get(0);
        via.send("PUT", "/" + FAULT_INDEX, ArtworksIndex.indexBody(NsfwjsModel.MODEL_NAME, NsfwjsModel.DIMS, 3, 1));
        require(cluster.awaitGreen(0, Duration.ofMinutes(2)), "the empty fault index goes green");
        out.println("bench-cluster: shards of " + FAULT_INDEX + ": " + shardLayout(via, FAULT_INDEX));

        Queries queries = new Queries(via, docs);
        CompletableFuture<Void> asking = CompletableFuture.runAsync(queries::run);
        long indexStart = System.nanoTime();
        CompletableFuture<IndexSummary> indexing = CompletableFuture.supplyAsync(() -> {
            try {
                return IndexJob.run(IndexConfig.defaults(LocalCollectionSource.of(source), EsConfig.of(cluster.url(0)), model, indexLog)
                    .withIndex(FAULT_INDEX), embedder);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // Kill once the indexer is writing: a quarter of the collection is in.
        while (!indexing.isDone() && count(via, FAULT_INDEX) < docs.size() / 4) {
            Thread.sleep(500);
        }
        String master = via.get("/_cat/master?format=json").path(0).path("node").asText();
        int victim = master.equals(cluster.name(0)) ? 1 : cluster.httpPorts().indexOf(portOf(cluster, master));
        long present = count(via, FAULT_INDEX);
        out.printf(Locale.ROOT, "bench-cluster: %.1f s into indexing (%d artworks in), kill -9 %s (pid %d%s)%n",
            seconds(indexStart), present, cluster.name(victim), cluster.node(victim).pid(),
            cluster.name(victim).equals(master) ? ", the elected master" : ", a data node; the master is " + master);
        require(!indexing.isDone(), "the node dies while the indexer is writing");
        long killed = System.nanoTime();
        cluster.kill(victim);
        Thread.sleep(downSeconds * 1000L);
        out.printf(Locale.ROOT, "bench-cluster: %s restarts after %.1f s down%n", cluster.name(victim), seconds(killed));
        long restart = System.nanoTime();
        cluster.restart(victim);
        boolean green = cluster.awaitGreen(0, Duration.ofMinutes(5));
        double toGreen = seconds(restart);
        double killToGreen = seconds(killed);
        require(green, "the cluster is green again after the node returns");
        IndexSummary summary = indexing.join();
        out.println("bench-cluster: indexer during the kill: " + summary.describe());
        Thread.sleep(2_000);
        queries.stop();
        asking.join();

        via.send("POST", "/" + FAULT_INDEX + "/_refresh", null);
        List<String> ids = new ArrayList<>();
        ObjectNode all = JSON.createObjectNode().put("size", 10_000).put("_source", false);
        via.send("POST", "/" + FAULT_INDEX + "/_search", all).path("hits").path("hits").forEach(h -> ids.add(h.path("_id").asText()));
        Set<String> distinct = new TreeSet<>(ids);
        Set<String> expected = docs.stream().map(Doc::id).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(distinct);
        Set<String> extra = new TreeSet<>(distinct);
        extra.removeAll(expected);
        IndexSummary rerun = IndexJob.run(IndexConfig.defaults(LocalCollectionSource.of(source), EsConfig.of(cluster.url(0)), model, indexLog)
            .withIndex(FAULT_INDEX), embedder);

        out.println();
        out.println("Fault figures (3 nodes, " + FAULT_INDEX + " with 3 primaries and 1 replica, " + cluster.name(victim)
            + " killed with SIGKILL for " + downSeconds + " s):");
        out.printf(Locale.ROOT, "  documents: acknowledged %d (indexer's indexed), present %d, distinct ids %d, duplicates %d, missing %d, unexpected %d, skipped %d%n",
            summary.indexed(), count(via, FAULT_INDEX), distinct.size(), ids.size() - distinct.size(), missing.size(), extra.size(),
            summary.skippedTotal());
        out.printf(Locale.ROOT, "  queries: sent %d, failed %d (5xx or no answer), other non-2xx %d, partial (shard failures in a 200) %d, answers unlike the first answer to the same query %d%n",
            queries.sent.get(), queries.failed.get(), queries.refused.get(), queries.partial.get(), queries.different.get());
        queries.reasons.stream().limit(10).forEach(r -> out.println("    " + r));
        out.printf(Locale.ROOT, "  seconds to green: %.1f after the restart, %.1f after the kill%n", toGreen, killToGreen);
        out.println("  indexer re-run: " + rerun.describe().lines().findFirst().orElse(""));
        require(summary.indexed() == docs.size() && ids.size() == docs.size() && missing.isEmpty() && extra.isEmpty()
            && ids.size() == distinct.size(), "every artwork is present exactly once and was acknowledged");
        require(queries.failed.get() == 0 && queries.refused.get() == 0, "no query failed during the kill");
        require(rerun.embedded() == 0 && rerun.unchanged() == docs.size(), "a re-run embeds nothing");
    }

    private static int portOf(LocalCluster cluster, String name) {
        for (int i = 0; i < cluster.size(); i++) {
            if (cluster.name(i).equals(name)) {
                return cluster.httpPorts().get(i);
            }
        }
        throw new IllegalStateException("no node named " + name);
    }

    private static long count(ClusterHttp es, String index) throws Exception {
        es.send("POST", "/" + index + "/_refresh", null);
        return es.get("/" + index + "/_count").path("count").asLong();
    }

    /** A client that keeps asking the three kinds of query, each with an answer known from before the kill. */
    private static final class Queries {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong partial = new AtomicLong();
        final AtomicLong different = new AtomicLong();
        final ConcurrentLinkedQueue<String> reasons = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final ClusterHttp es;
        private final List<Doc> docs;
        private final Map<String, String> known = new java.util.concurrent.ConcurrentHashMap<>();

        Queries(ClusterHttp es, List<Doc> docs) {
            this.es = es;
            this.docs = docs;
        }

        void stop() {
            stopped.set(true);
        }

        void run() {
            Random random = new Random(1);
            for (long i = 0; !stopped.get(); i++) {
                String kind = switch ((int) (i % 3)) {
                    case 0 -> "neighbours";
                    case 1 -> "walk";
                    default -> "clusters";
                };
                int a = random.nextInt(Math.min(docs.size(), 30));
                int b = random.nextInt(Math.min(docs.size(), 30));
                String path;
                ObjectNode body;
                switch (kind) {
                    case "neighbours" -> {
                        body = JSON.createObjectNode().put("size", NEIGHBOURS).put("_source", false);
                        body.putObject("query").putObject("vector_neighbours").put("field", FIELD).put("id", docs.get(a).id());
                        path = "/" + INDEX + "/_search";
                    }
                    case "walk" -> {
                        body = walkBody(new String[] {docs.get(a).id(), docs.get(b).id()}, "exact");
                        path = "/" + INDEX + "/_latent_walk";
                    }
                    default -> {
                        body = clustersBody("kmeans");
                        path = "/" + INDEX + "/_search";
                    }
                }
                sent.incrementAndGet();
                try {
                    HttpResponse<String> response = es.raw("POST", path, JSON.writeValueAsString(body), Duration.ofSeconds(60));
                    if (response.statusCode() >= 500) {
                        failed.incrementAndGet();
                        reasons.add(kind + " " + response.statusCode() + ": " + abbreviate(response.body()));
                        continue;
                    }
                    if (response.statusCode() / 100 != 2) {
                        refused.incrementAndGet();
                        reasons.add(kind + " " + response.statusCode() + ": " + abbreviate(response.body()));
                        continue;
                    }
                    JsonNode answer = JSON.readTree(response.body());
                    if (answer.path("_shards").path("failed").asInt() > 0) {
                        partial.incrementAndGet();
                        reasons.add(kind + " partial: " + abbreviate(answer.path("_shards").toString()));
                    }
                    String key = kind + " " + a + " " + b;
                    String text = kind.equals("clusters") ? answer.path("aggregations").toString().replaceAll("\"distance\":[^,}]+", "")
                        : kind.equals("walk") ? answer.path("path").toString() : answer.path("hits").path("hits").toString();
                    String before = known.putIfAbsent(key, text);
                    if (before != null && !before.equals(text)) {
                        different.incrementAndGet();
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                    reasons.add(kind + " no answer: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private static String abbreviate(String text) {
            return text.length() > 300 ? text.substring(0, 300) + "..." : text;
        }
    }

    // ---- small things ----

    private void require(boolean holds, String check) {
        if (!holds) {
            failures.add(check);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}

package org.latentarchive.explorer;

import org.latentarchive.explorer.access.CuratorAccounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.latentarchive.devnode.DevNode;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.explorer.es.ElasticsearchException;
import org.latentarchive.embed.ImageModel;
import org.latentarchive.index.EsConfig;
import org.latentarchive.indexer.job.IndexConfig;
import org.latentarchive.indexer.job.IndexJob;
import org.latentarchive.indexer.job.IndexSummary;
import org.latentarchive.embed.model.NsfwjsModel;
import org.latentarchive.indexer.source.LocalCollectionSource;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One development node with the real collection indexed, and one explorer on it, shared by every test class of
 * the module (Surefire runs them in one JVM): starting a node and indexing 267 paintings once keeps the suite fast.
 */
final class Fixture {

    private static Fixture shared;

    final DevNode node;
    final ExplorerApp explorer;
    final ElasticsearchClient es;
    final int artworks;
    final IndexSummary summary;
    final String baseUrl;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    /** The explorer's API as the signed-in test curator uses it. */
    final ApiClient curator;

    /** The test curators' name and password (hashed with a low bcrypt cost: the tests sign in often). */
    static final String CURATOR = "curator-under-test";
    static final String PASSWORD = "a long enough test password";

    /** An explorer configuration whose only curator accounts are these names, each with {@link #PASSWORD}. */
    static ExplorerConfig withCurators(ExplorerConfig config, String... names) throws java.io.IOException {
        java.nio.file.Path file = Files.createTempFile("curators", ".txt");
        StringBuilder lines = new StringBuilder();
        for (String name : names) {
            lines.append(name).append(':').append(CuratorAccounts.hash(PASSWORD.toCharArray(), 4)).append('\n');
        }
        Files.writeString(file, lines);
        CuratorAccounts accounts = CuratorAccounts.load(Optional.of(file), Optional.empty());
        return config.withAccess(new ExplorerConfig.AccessConfig(accounts, false, false));
    }

    private Fixture() throws Exception {
        Path dir = Files.createTempDirectory("explorer-test");
        Path log = Path.of("target", "devnode.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        PrintStream out = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8);
        node = DevNode.start(Path.of(System.getProperty("devnode.dist", "../devnode/target/devnode")),
            dir.resolve("home"), dir.resolve("data"), 0, out, Duration.ofMinutes(3));
        es = new ElasticsearchClient(EsConfig.of(node.url()), json);
        summary = index(node.url(), out);
        artworks = (int) summary.indexed();
        explorer = ExplorerApp.start(withCurators(ExplorerConfig.local(node.url(), 0), CURATOR).withCache(dir.resolve("explorer-cache")));
        baseUrl = "http://127.0.0.1:" + explorer.port();
        curator = ApiClient.curator(baseUrl, CURATOR, PASSWORD);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            explorer.close();
            node.close();
            deleteTree(dir);
        }));
    }

    /** The real collection through the real indexer: MobileNetV2 vectors of the real images. */
    private static IndexSummary index(String url, PrintStream log) throws Exception {
        ImageModel model = ImageModel.mobilenetV2(NsfwjsModel.defaultCacheDir(), log);
        try (LocalCollectionSource source = LocalCollectionSource.of(collection())) {
            return IndexJob.run(IndexConfig.defaults(source, EsConfig.of(url), model, log));
        }
    }

    static Path collection() {
        return Path.of(System.getProperty("explorer.collection", "../../shared/collections/aic-paintings")).toAbsolutePath().normalize();
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    static synchronized Fixture get() throws Exception {
        if (shared == null) {
            shared = new Fixture();
        }
        return shared;
    }

    /** Whether the node's plugin has each part of its DSL yet (the plugin's work lands in stages). */
    boolean hasNeighbours() {
        return answers(() -> es.search(ExplorerConfig.DEFAULT_INDEX, json.readTree("""
            {"size": 1, "query": {"vector_neighbours": {"field": "vectors.%s", "id": "%s", "direction": "nearest"}}}
            """.formatted(ExplorerConfig.DEFAULT_MODEL, anyId()))));
    }

    boolean hasClusters() {
        return answers(() -> es.search(ExplorerConfig.DEFAULT_INDEX, json.readTree("""
            {"size": 0, "aggs": {"c": {"vector_clusters": {"field": "vectors.%s", "k": 2}}}}
            """.formatted(ExplorerConfig.DEFAULT_MODEL))));
    }

    boolean hasWalk() {
        String id = anyId();
        return answers(() -> es.send("POST", "/" + ExplorerConfig.DEFAULT_INDEX + "/_latent_walk", json.readTree("""
            {"field": "vectors.%s", "from": {"id": "%s"}, "to": {"id": "%s"}, "steps": 1}
            """.formatted(ExplorerConfig.DEFAULT_MODEL, id, id))));
    }

    boolean hasWholeDsl() {
        return hasNeighbours() && hasClusters() && hasWalk();
    }

    private interface Probe {
        Object run() throws Exception;
    }

    private static boolean answers(Probe probe) {
        try {
            probe.run();
            return true;
        } catch (ElasticsearchException e) {
            String m = e.getMessage().toLowerCase(java.util.Locale.ROOT);
            return !(m.contains("unknown query") || m.contains("unknown aggregation") || m.contains("no handler found")
                || m.contains("unable to parse") && m.contains("vector_clusters") || e.status() == 405);
        } catch (Exception e) {
            return false;
        }
    }

    String anyId() {
        return es.search(ExplorerConfig.DEFAULT_INDEX, json.createObjectNode().put("size", 1)).path("hits").path("hits").path(0).path("_id").asText();
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    }

    JsonNode getJson(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        if (response.statusCode() != 200) {
            throw new AssertionError(pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}

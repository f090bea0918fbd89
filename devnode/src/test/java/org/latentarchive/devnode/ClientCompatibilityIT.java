package org.latentarchive.devnode;

import org.elasticsearch.Build;
import org.elasticsearch.Version;
import org.elasticsearch.index.IndexVersions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What standard clients ask a development node: the root endpoint ({@code GET /}, {@code HEAD /}) answered from the
 * node's own build and cluster state, and the official Elasticsearch JavaScript client through the plugin's DSL.
 */
class ClientCompatibilityIT {

    private static final Path DIST = Path.of(System.getProperty("devnode.dist", "target/devnode"));
    /** Pinned in the parent pom; the newest 9.x whose package accepts Node.js 20, which CI installs. */
    private static final String JS_CLIENT_VERSION = System.getProperty("elasticsearch-js.version", "9.4.3");
    private static final Path JS_CLIENT_DIR = Path.of("target", "js-client");
    private static final Path JS_CHECK = Path.of("src", "test", "js", "client-check.mjs");

    @TempDir
    static Path dir;
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static DevNode node;
    private static HttpClient http;

    @BeforeAll
    static void startNode() throws IOException {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        node = DevNode.start(DIST, dir.resolve("home"), dir.resolve("data"), 0, new PrintStream(LOG, true, StandardCharsets.UTF_8),
            Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
        http.close();
    }

    @Test
    void rootAnswersWithTheNodesOwnNameClusterAndBuild() throws Exception {
        HttpResponse<String> response = NodeHttp.send(http, "GET", node.url() + "/", null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Elasticsearch", response.headers().firstValue("X-elastic-product").orElse(null));
        Map<String, Object> root = NodeHttp.getJson(http, node.url() + "/");

        Map<String, Object> nodes = nodeMap(NodeHttp.getJson(http, node.url() + "/_nodes/_local"));
        Map<String, Object> state = NodeHttp.getJson(http, node.url() + "/_cluster/state/metadata");
        assertEquals(nodes.get("name"), root.get("name"));
        assertEquals(state.get("cluster_name"), root.get("cluster_name"));
        assertEquals(((Map<?, ?>) state.get("metadata")).get("cluster_uuid"), root.get("cluster_uuid"));
        assertTrue(((String) root.get("cluster_uuid")).matches("[A-Za-z0-9_-]{22}"), "a committed UUID: " + root);
        assertEquals(RootEndpoint.TAGLINE, root.get("tagline"));

        Map<?, ?> version = (Map<?, ?>) root.get("version");
        assertEquals(nodes.get("version"), version.get("number"));
        assertEquals(nodes.get("build_flavor"), version.get("build_flavor"));
        assertEquals(nodes.get("build_type"), version.get("build_type"));
        assertEquals(nodes.get("build_hash"), version.get("build_hash"));
        // the build date is only in the manifest of the server jar the node runs from
        Attributes manifest = serverJarManifest();
        assertEquals(manifest.getValue("Change"), version.get("build_hash"));
        assertEquals(manifest.getValue("Build-Date"), version.get("build_date"));
        assertEquals(false, version.get("build_snapshot"));
        assertEquals(org.apache.lucene.util.Version.LATEST.toString(), version.get("lucene_version"));
        assertEquals(Version.CURRENT.minimumCompatibilityVersion().toString(), version.get("minimum_wire_compatibility_version"));
        assertEquals(Build.minimumCompatString(IndexVersions.MINIMUM_COMPATIBLE), version.get("minimum_index_compatibility_version"));
    }

    @Test
    void headRootAnswersLikeGetWithoutTheBody() throws Exception {
        HttpResponse<String> get = NodeHttp.send(http, "GET", node.url() + "/", null);
        HttpResponse<String> head = NodeHttp.send(http, "HEAD", node.url() + "/", null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals("Elasticsearch", head.headers().firstValue("X-elastic-product").orElse(null));
        assertEquals(get.headers().firstValue("content-type"), head.headers().firstValue("content-type"));
        assertEquals(get.headers().firstValue("content-length"), head.headers().firstValue("content-length"));
    }

    @Test
    void officialJavaScriptClientSearchesClustersAndWalks() throws Exception {
        installJsClient();
        Files.copy(JS_CHECK, JS_CLIENT_DIR.resolve(JS_CHECK.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Result run = run(List.of("node", JS_CHECK.getFileName().toString(), node.url()), 60);
        assertEquals(0, run.exitCode(), "client-check.mjs failed:\n" + run.output());
        for (String call : List.of("info", "vector_neighbours", "vector_clusters", "_latent_walk")) {
            assertTrue(run.output().contains("{\"call\":\"" + call + "\""), call + " did not answer:\n" + run.output());
        }
    }

    /** {@code @elastic/elasticsearch} at the pinned version under target/js-client, installed once per build folder. */
    private static void installJsClient() throws Exception {
        Path installed = JS_CLIENT_DIR.resolve("node_modules/@elastic/elasticsearch/package.json");
        if (Files.isRegularFile(installed) && Files.readString(installed).contains("\"version\": \"" + JS_CLIENT_VERSION + "\"")) {
            return;
        }
        Files.createDirectories(JS_CLIENT_DIR);
        // a package.json of its own, so that npm installs here and not into a folder above
        Files.writeString(JS_CLIENT_DIR.resolve("package.json"), "{\"name\": \"latent-archive-js-client-check\", \"private\": true}\n");
        Result npm = run(List.of("npm", "install", "--no-audit", "--no-fund", "--no-save", "--engine-strict",
            "@elastic/elasticsearch@" + JS_CLIENT_VERSION), 300);
        assertEquals(0, npm.exitCode(), "npm install @elastic/elasticsearch@" + JS_CLIENT_VERSION + " failed:\n" + npm.output());
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, int timeoutSeconds) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(JS_CLIENT_DIR.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail(command.get(0) + " is needed for this test (Node.js 20 with npm; .ci/run installs it): " + e.getMessage());
        }
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append(e);
            }
        });
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (finished == false) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        return finished
            ? new Result(process.exitValue(), output.toString())
            : new Result(-1, output + "\n(" + command.get(0) + " stopped after " + timeoutSeconds + " s)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nodeMap(Map<String, Object> nodesResponse) {
        Map<String, Object> nodes = (Map<String, Object>) nodesResponse.get("nodes");
        assertEquals(1, nodes.size(), nodes.toString());
        return (Map<String, Object>) nodes.values().iterator().next();
    }

    private static Attributes serverJarManifest() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (var lib = Files.list(DIST.resolve("lib"))) {
            lib.filter(p -> p.getFileName().toString().matches("elasticsearch-\\d+\\.\\d+\\.\\d+\\.jar")).forEach(jars::add);
        }
        assertEquals(1, jars.size(), "the server jar in " + DIST.resolve("lib") + ": " + jars);
        try (JarFile jar = new JarFile(jars.get(0).toFile())) {
            return jar.getManifest().getMainAttributes();
        }
    }
}

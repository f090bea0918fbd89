package org.latentarchive.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-command demo as an operator runs it: start it on the sample collection, wait for its URL, check that
 * Elasticsearch and the explorer answer, stop it as Ctrl-C does, start it again and find the same index, with
 * nothing embedded a second time.
 */
class DemoIT {

    private static final Pattern SUMMARY = Pattern.compile("embedded (\\d+), unchanged (\\d+), indexed (\\d+)");
    private static final Pattern PASSWORD = Pattern.compile("sign in as 'curator' with password (\\S+) ");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void secondRunReusesTheIndexWithoutReEmbedding(@TempDir Path data) throws Exception {
        Path collection = Path.of(System.getProperty("launcher.collection", "../../shared/collections/aic-paintings"));
        int esPort = freePort();
        int port = freePort();

        Run first = start(collection, data, esPort, port);
        first.lines().stream().filter(line -> line.startsWith("demo:")).forEach(System.out::println);
        assertTrue(first.embedded() > 200, "the first run embeds the collection: " + first.output());
        long count = artworks(port);
        assertEquals(first.embedded() + first.unchanged(), count, first.output());
        assertEquals(200, get("http://127.0.0.1:" + esPort + "/_cluster/health").statusCode());
        first.stop();
        assertTrue(refused(port) && refused(esPort), "Ctrl-C stops the explorer and the node");

        Run second = start(collection, data, esPort, port);
        second.lines().stream().filter(line -> line.startsWith("demo:")).forEach(System.out::println);
        try {
            assertEquals(0, second.embedded(), "nothing is embedded again: " + second.output());
            assertEquals(count, second.unchanged(), second.output());
            assertEquals(count, artworks(port), "the same index is served");
            assertEquals(200, get("http://127.0.0.1:" + port + "/").statusCode());
            // the first run made the curator account and showed its password once; it signs in on the second run
            Matcher shown = PASSWORD.matcher(first.output());
            assertTrue(shown.find(), "the first run shows the curator's password: " + first.output());
            assertFalse(second.output().contains(shown.group(1)), "the password is shown once only");
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/session"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"name\": \"curator\", \"password\": \"" + shown.group(1) + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, signedIn.statusCode(), signedIn.body());
            assertFalse(Files.readString(data.resolve("curators")).contains(shown.group(1)), "only the hash is kept");
        } finally {
            second.stop();
        }
    }

    private record Run(Process process, List<String> lines, int embedded, int unchanged) {
        String output() {
            return String.join("\n", lines);
        }

        void stop() throws InterruptedException {
            process.destroy();
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the demo stops within 90 s of SIGTERM");
        }
    }

    private Run start(Path collection, Path data, int esPort, int port) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1500m",
            "-cp", Path.of("target", "launcher", "lib").toAbsolutePath() + "/*", Demo.class.getName(),
            "--collection", collection.toAbsolutePath().toString(), "--data", data.toString(),
            "--dist", System.getProperty("devnode.dist"), "--es-port", String.valueOf(esPort), "--port", String.valueOf(port));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<int[]> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            int[] counts = {-1, -1};
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    Matcher m = SUMMARY.matcher(line);
                    if (line.startsWith("demo: index up to date") && m.find()) {
                        counts = new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
                    }
                    if (line.startsWith(Demo.READY)) {
                        ready.complete(counts);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new AssertionError("the demo ended before it was ready:\n" + String.join("\n", lines)));
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int[] counts = ready.get(10, TimeUnit.MINUTES);
            return new Run(process, lines, counts[0], counts[1]);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private long artworks(int port) throws Exception {
        HttpResponse<String> status = get("http://127.0.0.1:" + port + "/api/status");
        assertEquals(200, status.statusCode(), status.body());
        Matcher m = Pattern.compile("\"artworks\":(\\d+)").matcher(status.body());
        assertTrue(m.find(), status.body());
        return Long.parseLong(m.group(1));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private boolean refused(int port) {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latentarchive.curator.AnnotationSet;
import org.latentarchive.curator.GroupAnnotations;

/**
 * An explorer on the shared node whose models folder is a temporary one (tuned models written by tests never land
 * in the working tree), and one synthetic curator whose judgements are stored once per test run: anchor and
 * positive from the same period group of the collection's metadata (collection_id), the seven others from other
 * groups. They are no one's real judgements; they plant a relation the network can learn and mean rank can show.
 */
final class TrainingExplorer {

    /** The tag of the synthetic judgements: only these tests train on them, no other test reads them. */
    static final String CURATOR = "synthetic-period-groups";
    static final int LINES = 400;

    private static TrainingExplorer shared;

    final Fixture f;
    final ExplorerApp explorer;
    final String baseUrl;
    final Path models;
    /** The API as the synthetic curator, signed in: the judgements it imports are that curator's. */
    final ApiClient curator;

    private TrainingExplorer(Fixture f) throws Exception {
        this.f = f;
        models = Files.createTempDirectory("explorer-models");
        explorer = ExplorerApp.start(Fixture.withCurators(ExplorerConfig.local(f.node.url(), 0).withModels(models), CURATOR));
        baseUrl = "http://127.0.0.1:" + explorer.port();
        curator = ApiClient.curator(baseUrl, CURATOR, Fixture.PASSWORD);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            explorer.close();
            try (var files = Files.walk(models)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                // a temporary folder left behind is harmless
            }
        }));
        importSyntheticCurator();
    }

    static synchronized TrainingExplorer get() throws Exception {
        if (shared == null) {
            shared = new TrainingExplorer(Fixture.get());
        }
        return shared;
    }

    private void importSyntheticCurator() throws Exception {
        if (getJson("/api/annotations?size=0&curator=" + CURATOR).path("total").asLong() >= LINES) {
            return;
        }
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (JsonNode painting : f.json.readTree(Fixture.collection().resolve("metadata.json").toFile())) {
            groupOf.put(painting.path("id").asText(), painting.path("collection_id").asText());
        }
        AnnotationSet lines = GroupAnnotations.derive(groupOf, LINES, 5);
        java.io.StringWriter text = new java.io.StringWriter();
        lines.write(text);
        HttpResponse<String> imported = send("POST", "/api/annotations/import", text.toString(), "text/plain");
        if (imported.statusCode() != 201) {
            throw new IllegalStateException("importing the synthetic judgements failed: " + imported.body());
        }
    }

    HttpResponse<String> send(String method, String path, String body, String type) throws Exception {
        return curator.send(method, path, body, type);
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return curator.postJson(path, json);
    }

    HttpResponse<String> get(String path) throws Exception {
        return curator.get(path);
    }

    JsonNode getJson(String path) throws Exception {
        return curator.getJson(path);
    }

    /** Polls a training job until it has ended. */
    JsonNode awaitEnd(String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = getJson("/api/training/" + id);
            String state = status.path("state").asText();
            if (state.equals("done") || state.equals("failed") || state.equals("cancelled")) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("training " + id + " still " + state + " after " + timeout + ": " + status);
            }
            Thread.sleep(200);
        }
    }
}

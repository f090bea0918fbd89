package org.latentarchive.indexer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.latentarchive.embed.testing.SharedData;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexerCliTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(Supplier<Integer> command) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = command.get();
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void embedPrintsEachImagesVectorAsJson() throws Exception {
        Path images = SharedData.aicPaintings().resolve("images");
        String a = images.resolve("100026.jpg").toString();
        String b = images.resolve("12683.jpg").toString();
        Run run = run(() -> IndexerCli.execute("embed", "--normalize", a, b));

        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("mobilenet_v2", json.path("model").asText());
        assertEquals(1792, json.path("dims").asInt());
        assertEquals(2, json.path("embeddings").size());
        JsonNode vector = json.path("embeddings").path(a);
        assertEquals(1792, vector.size());
        double norm = 0;
        for (JsonNode v : vector) {
            norm += v.asDouble() * v.asDouble();
        }
        assertEquals(1.0, norm, 1e-4);
    }

    @Test
    void anyOnnxModelFromAUrlEmbedsWithItsDeclaredPreprocessing(@org.junit.jupiter.api.io.TempDir Path cache) throws Exception {
        // The imported default model served over HTTP stands in for a CLIP or DINO export.
        Path onnx = org.latentarchive.embed.model.NsfwjsModel.ensureOnnx(
            org.latentarchive.embed.model.NsfwjsModel.defaultCacheDir(), System.err);
        String image = SharedData.aicPaintings().resolve("images/100026.jpg").toString();
        try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
            server.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
                .body(new okio.Buffer().write(java.nio.file.Files.readAllBytes(onnx))).build());
            server.start();
            String url = server.url("/models/mobilenet.onnx").toString();
            Run custom = run(() -> IndexerCli.execute("embed", "--onnx", url, "--model-name", "mnv2", "--dims", "1792",
                "--input-size", "224", "--resize", "stretch-align-corners", "--output", "features",
                "--model-cache", cache.toString(), image));
            Run again = run(() -> IndexerCli.execute("embed", "--onnx", url, "--model-name", "mnv2", "--dims", "1792",
                "--resize", "stretch-align-corners", "--model-cache", cache.toString(), image));
            Run standard = run(() -> IndexerCli.execute("embed", image));

            assertEquals(0, custom.exitCode(), custom.err());
            assertEquals(0, again.exitCode(), again.err());
            assertEquals(1, server.getRequestCount(), "the model is downloaded once, then taken from the cache");
            JsonNode mine = new ObjectMapper().readTree(custom.out());
            assertEquals("mnv2", mine.path("model").asText());
            assertTrue(mine.path("id").asText().startsWith("mnv2:"), mine.path("id").asText());
            assertEquals(new ObjectMapper().readTree(standard.out()).path("embeddings").path(image), mine.path("embeddings").path(image));
        }
    }

    @Test
    void aBrokenImageIsReportedAndTheOthersStillPrinted() throws Exception {
        Path image = SharedData.aicPaintings().resolve("images/100026.jpg");
        Run run = run(() -> IndexerCli.execute("embed", image.toString(), SharedData.aicPaintings().resolve("metadata.json").toString()));
        assertEquals(3, run.exitCode());
        assertTrue(run.err().contains("skipped") && run.err().contains("metadata.json"), run.err());
        assertEquals(1, new ObjectMapper().readTree(run.out()).path("embeddings").size());
    }

    @Test
    void errorsEndWithOneClearLineNotAStackTrace() {
        Run run = run(() -> IndexerCli.execute("index", "--local", "/no/such/collection", "--es-url", "http://127.0.0.1:1"));
        assertEquals(1, run.exitCode());
        assertTrue(run.err().strip().startsWith("error: no collection folder at /no/such/collection"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void usageErrorsNameTheProblem() {
        Run run = run(() -> IndexerCli.execute("index", "--local", "x", "--smk"));
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("mutually exclusive"), run.err());
    }

    @Test
    void aBadPartitionEndsInOneLineAndExitCode2() {
        for (String bad : new String[] {"0/3", "4/3", "1/0", "x/y"}) {
            Run run = run(() -> IndexerCli.execute("index", "--local", "x", "--partition", bad));
            assertEquals(2, run.exitCode(), bad + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains("--partition") && run.err().contains("i/N"), run.err());
        }
    }

    @Test
    void anUnknownModelIsNamedWithTheBuiltInOnes() {
        Run run = run(() -> IndexerCli.execute("index", "--local", "x", "--model", "mobilenet_v2,resnet"));
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("error: unknown model 'resnet' for --model: the built-in models are mobilenet_v2, inception_v3", run.err().strip());
    }
}

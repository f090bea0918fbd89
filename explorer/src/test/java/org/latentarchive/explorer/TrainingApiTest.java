package org.latentarchive.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training from the explorer, end to end on the real collection's MobileNetV2 vectors: a curator's stored
 * judgements (synthetic ones, from the collection's period groups) train the network in the background, the saved
 * model's held-out mean rank beats the untrained space by a margin chance cannot reach, applying it writes a new
 * vector space the explorer then searches in. Also the refusals: bad options, unknown fields, a second start, and
 * unknown jobs or models.
 */
class TrainingApiTest {

    private static final int EPOCHS = 40;
    private static TrainingExplorer t;
    private static JsonNode trained;
    private static String model;

    @BeforeAll
    static void trainOnce() throws Exception {
        t = TrainingExplorer.get();
        HttpResponse<String> started = t.postJson("/api/training", """
            {"field": "mobilenet_v2", "curator": "%s", "epochs": %d, "learningRate": 0.003, "seed": 1}"""
            .formatted(TrainingExplorer.CURATOR, EPOCHS));
        assertEquals(202, started.statusCode(), started.body());
        JsonNode job = t.f.json.readTree(started.body());
        assertTrue(List.of("queued", "running").contains(job.path("state").asText()), job.toString());
        trained = t.awaitEnd(job.path("id").asText(), Duration.ofMinutes(5));
        model = trained.path("model").asText();
        System.out.println(table(trained.path("metrics")));
    }

    @Test
    void trainingOnACuratorsJudgementsLowersTheHeldOutMeanRankBeyondChance() {
        assertEquals("done", trained.path("state").asText(), trained.toString());
        assertEquals("vectors.mobilenet_v2", trained.path("field").asText());
        assertEquals(TrainingExplorer.CURATOR, trained.path("curator").asText());
        assertEquals(EPOCHS, trained.path("epochsDone").asInt());
        assertEquals(EPOCHS, trained.path("history").size());
        assertTrue(trained.path("history").path(EPOCHS - 1).path("heldOutMeanRank").isNumber(), "the last epoch is evaluated");
        assertTrue(model.matches("tuned_\\d+"), model);

        JsonNode rows = trained.path("metrics");
        assertEquals(5, rows.size(), rows.toString());
        JsonNode before = rows.path(1);
        JsonNode after = rows.path(3);
        assertTrue(before.path("label").asText().contains("before training") && before.path("label").asText().contains("held-out"));
        assertTrue(after.path("label").asText().contains("trained") && after.path("label").asText().contains("held-out"));
        assertEquals("chance", rows.path(4).path("label").asText());
        assertEquals(4.5, rows.path(4).path("mean").asDouble(), 1e-9);
        assertEquals(TrainingExplorer.LINES / 4, after.path("lines").asInt(), "a quarter of the lines held out");
        // three standard errors of the difference: a drop this large does not happen by chance
        double margin = 3 * Math.hypot(before.path("standardError").asDouble(), after.path("standardError").asDouble());
        assertTrue(after.path("mean").asDouble() < before.path("mean").asDouble() - margin,
            "held-out mean rank trained " + after.path("mean") + " vs before " + before.path("mean") + " (margin " + margin + ")");
        assertTrue(Files.isRegularFile(t.models.resolve(model + ".json")), "the model is saved in the models folder");
    }

    @Test
    void theDefaultOptionsAreThePrototypes() throws Exception {
        JsonNode defaults = t.getJson("/api/training/defaults");
        var d = org.latentarchive.curator.CuratorTrainer.Options.defaults();
        assertEquals(d.hidden(), defaults.path("hidden").asInt());
        assertEquals(d.epochs(), defaults.path("epochs").asInt());
        assertEquals(d.margin(), defaults.path("margin").floatValue(), 1e-6);
        assertEquals(d.learningRate(), defaults.path("learningRate").floatValue(), 1e-9);
        assertEquals(d.batchSize(), defaults.path("batch").asInt());
    }

    @Test
    void anAppliedModelIsANewVectorSpaceWithOtherNeighbours() throws Exception {
        // the explorer has just listed its spaces (a page open before Apply): the list it serves next must not be stale
        assertEquals(200, t.get("/api/fields").statusCode());
        HttpResponse<String> applied = t.postJson("/api/models/" + model + "/apply", "");
        assertEquals(200, applied.statusCode(), applied.body());
        assertEquals(t.f.artworks, t.f.json.readTree(applied.body()).path("artworks").asInt());

        JsonNode listed = null;
        for (JsonNode m : t.getJson("/api/models").path("models")) {
            if (m.path("name").asText().equals(model)) {
                listed = m;
            }
        }
        assertTrue(listed != null, "GET /api/models lists " + model);
        assertTrue(listed.path("applied").asBoolean(), listed.toString());
        assertEquals("vectors.mobilenet_v2", listed.path("sourceField").asText());
        assertEquals(trained.path("metrics"), listed.path("metrics"));
        assertEquals(EPOCHS, listed.path("options").path("epochs").asInt());

        boolean inFields = false;
        for (JsonNode field : t.getJson("/api/fields").path("fields")) {
            if (field.path("name").asText().equals(model)) {
                inFields = field.path("artworks").asInt() == t.f.artworks && field.path("dims").asInt() == 1792;
            }
        }
        assertTrue(inFields, "GET /api/fields lists " + model + " with every artwork");

        int differing = 0;
        for (String id : List.of(t.f.anyId(), "109220")) {
            List<String> tuned = neighbourIds("/api/artworks/" + id + "/neighbours?size=8&field=" + model);
            List<String> original = neighbourIds("/api/artworks/" + id + "/neighbours?size=8");
            assertEquals(8, tuned.size());
            if (!tuned.equals(original)) {
                differing++;
            }
        }
        assertTrue(differing > 0, "the tuned space changes some artwork's neighbours");
    }

    @Test
    void evaluateComparesFieldsOnTheStoredAnnotations() throws Exception {
        t.postJson("/api/models/" + model + "/apply", "");
        JsonNode evaluation = t.getJson("/api/evaluate?field=mobilenet_v2&field=" + model + "&curator=" + TrainingExplorer.CURATOR);
        assertEquals(TrainingExplorer.LINES, evaluation.path("annotationLines").asInt());
        JsonNode rows = evaluation.path("rows");
        assertEquals(3, rows.size(), rows.toString());
        assertEquals("vectors.mobilenet_v2", rows.path(0).path("label").asText());
        assertEquals("vectors." + model, rows.path(1).path("label").asText());
        assertEquals(TrainingExplorer.LINES, rows.path(1).path("lines").asInt());
        assertTrue(rows.path(1).path("mean").asDouble() < rows.path(0).path("mean").asDouble(), rows.toString());
        assertEquals("chance", rows.path(2).path("label").asText());

        assertBadRequest(t.get("/api/evaluate?field=nope"), "not a vector field");
        assertBadRequest(t.get("/api/evaluate?curator=nobody-has-annotated"), "no annotations stored");
    }

    @Test
    void aSecondStartWhileOneRunsIsRefusedAndACancelledRunSavesNothing() throws Exception {
        long modelsBefore;
        try (var files = Files.list(t.models)) {
            modelsBefore = files.count();
        }
        HttpResponse<String> long_ = t.postJson("/api/training", """
            {"curator": "%s", "epochs": 5000}""".formatted(TrainingExplorer.CURATOR));
        assertEquals(202, long_.statusCode(), long_.body());
        String id = t.f.json.readTree(long_.body()).path("id").asText();

        HttpResponse<String> second = t.postJson("/api/training", """
            {"curator": "%s", "epochs": 5}""".formatted(TrainingExplorer.CURATOR));
        assertEquals(409, second.statusCode(), second.body());
        assertTrue(t.f.json.readTree(second.body()).path("error").asText().contains("training " + id), second.body());

        HttpResponse<String> cancel = t.send("DELETE", "/api/training/" + id, null, null);
        assertEquals(202, cancel.statusCode(), cancel.body());
        JsonNode ended = t.awaitEnd(id, Duration.ofMinutes(2));
        assertEquals("cancelled", ended.path("state").asText(), ended.toString());
        assertTrue(ended.path("epochsDone").asInt() < 5000);
        assertFalse(ended.has("model"), ended.toString());
        try (var files = Files.list(t.models)) {
            assertEquals(modelsBefore, files.count(), "a cancelled run saves no model");
        }
        assertEquals(409, t.send("DELETE", "/api/training/" + id, null, null).statusCode(), "an ended run cannot be cancelled");
        assertEquals(id, t.getJson("/api/training").path(0).path("id").asText(), "jobs are listed latest first");
    }

    @Test
    void badOptionsAndUnknownFieldsAnswer400WithTheReason() throws Exception {
        String curator = "\"curator\": \"" + TrainingExplorer.CURATOR + "\"";
        assertBadRequest(t.postJson("/api/training", "{" + curator + ", \"epochs\": 0}"), "epochs must be between 1 and");
        assertBadRequest(t.postJson("/api/training", "{" + curator + ", \"learningRate\": \"fast\"}"), "learningRate must be a number");
        assertBadRequest(t.postJson("/api/training", "{" + curator + ", \"trainFraction\": 1}"), "trainFraction must be between");
        assertBadRequest(t.postJson("/api/training", "{" + curator + ", \"epoch\": 3}"), "unknown training option 'epoch'");
        assertBadRequest(t.postJson("/api/training", "{" + curator + ", \"field\": \"title\"}"), "mobilenet_v2");
        assertBadRequest(t.postJson("/api/training", "{\"curator\": \"nobody-has-annotated\"}"), "too few annotations");
        assertBadRequest(t.postJson("/api/training", "[1, 2]"), "JSON object");
        assertBadRequest(t.postJson("/api/training", "{not json"), "not valid JSON");
        // the annotation routes read their bodies the same way
        assertBadRequest(t.postJson("/api/annotations", "{not json"), "not valid JSON");
    }

    @Test
    void unknownJobsAndModelsAnswer404() throws Exception {
        assertEquals(404, t.get("/api/training/9999").statusCode());
        assertEquals(404, t.send("DELETE", "/api/training/9999", null, null).statusCode());
        HttpResponse<String> apply = t.postJson("/api/models/tuned_9999/apply", "");
        assertEquals(404, apply.statusCode(), apply.body());
        assertTrue(t.f.json.readTree(apply.body()).path("error").asText().contains("no tuned model 'tuned_9999'"), apply.body());
        assertEquals(404, t.postJson("/api/models/..%2Fpom/apply", "").statusCode());
    }

    @Test
    void openApiDocumentsTheAnnotationTrainingModelAndEvaluateRoutes() throws Exception {
        JsonNode paths = t.getJson("/openapi.json").path("paths");
        for (String route : List.of("get /api/annotate/draw", "get /api/annotations", "post /api/annotations",
            "get /api/annotations/export", "post /api/annotations/import", "get /api/annotations/consistency",
            "post /api/annotations/consistency", "post /api/training", "get /api/training", "get /api/training/defaults", "get /api/training/{id}",
            "delete /api/training/{id}", "get /api/models", "post /api/models/{name}/apply", "get /api/evaluate")) {
            String[] parts = route.split(" ");
            assertTrue(paths.path(parts[1]).has(parts[0]), "documented: " + route);
        }
        assertTrue(paths.path("/api/training").path("post").path("responses").has("409"));
        assertTrue(paths.path("/api/models/{name}/apply").path("post").path("responses").has("404"));
    }

    private static void assertBadRequest(HttpResponse<String> response, String reason) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        String error = t.f.json.readTree(response.body()).path("error").asText();
        assertTrue(error.contains(reason), "expected '" + reason + "' in: " + error);
    }

    private static List<String> neighbourIds(String path) throws Exception {
        List<String> ids = new ArrayList<>();
        t.getJson(path).path("neighbours").forEach(n -> ids.add(n.path("artwork").path("id").asText()));
        return ids;
    }

    private static String table(JsonNode rows) {
        StringBuilder out = new StringBuilder("mean-rank table of the trained model:\n");
        for (JsonNode row : rows) {
            out.append(String.format(Locale.ROOT, "  %-60s %5d  %.3f  %.3f%n", row.path("label").asText(), row.path("lines").asInt(),
                row.path("mean").asDouble(), row.path("standardError").asDouble()));
        }
        return out.toString();
    }
}

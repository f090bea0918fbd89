package org.latentarchive.explorer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.curator.CuratorTrainer;

class TrainingOptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEmptyRequestTrainsWithThePrototypesSettings() throws Exception {
        CuratorTrainer.Options options = TrainingOptions.from(JSON.readTree("{}"), Set.of()).toTrainer();
        CuratorTrainer.Options prototype = CuratorTrainer.Options.defaults();

        assertEquals(prototype.withEvaluateEvery(300 / 50), options);
    }

    @Test
    void givenOptionsOverrideTheDefaultsAndOthersAreIgnoredWhenNamed() throws Exception {
        JsonNode body = JSON.readTree("""
            {"field": "mobilenet_v2", "hidden": 16, "epochs": 20, "margin": 0.5, "learningRate": 0.003,
             "weightDecay": 0, "batch": 25, "trainFraction": 0.8, "seed": 7}""");
        TrainingOptions options = TrainingOptions.from(body, Set.of("field"));

        assertEquals(new TrainingOptions(16, 20, 0.5f, 0.003f, 0f, 25, 0.8, 7, 1), options);
        assertEquals(options, TrainingOptions.of(options.toTrainer()));
    }

    @Test
    void everyOptionOutOfRangeIsRefusedNamingItsRange() {
        assertReason("{\"hidden\": 0}", "hidden must be between 1 and 4096, not 0");
        assertReason("{\"epochs\": 2.5}", "epochs must be a whole number");
        assertReason("{\"epochs\": 100000}", "epochs must be between 1 and 5000");
        assertReason("{\"margin\": -0.1}", "margin must be between 0.0 and 2.0");
        assertReason("{\"learningRate\": 0}", "learningRate must be above 0.0");
        assertReason("{\"weightDecay\": \"none\"}", "weightDecay must be a number");
        assertReason("{\"batch\": 0}", "batch must be between 1");
        assertReason("{\"trainFraction\": 0.99}", "trainFraction must be between 0.1 and 0.95");
        assertReason("{\"seed\": -1}", "seed must be between 0");
        assertReason("{\"lr\": 0.1}", "unknown training option 'lr'; known: batch, epochs, evaluateEvery, hidden,");
    }

    private static void assertReason(String body, String reason) {
        BadRequest e = assertThrows(BadRequest.class, () -> TrainingOptions.from(JSON.readTree(body), Set.of()));
        assertTrue(e.getMessage().startsWith(reason), "expected '" + reason + "' in: " + e.getMessage());
    }
}

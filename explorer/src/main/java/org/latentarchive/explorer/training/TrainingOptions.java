package org.latentarchive.explorer.training;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.curator.CuratorTrainer;

/**
 * The trainer's hyper-parameters as the API names them. A request gives any of them; the others are the
 * prototype's ({@link CuratorTrainer.Options#defaults()}). Each is checked against a range where training still
 * means something, so that a typo answers 400 at once rather than failing (or running for hours) later.
 */
public record TrainingOptions(
    int hidden,
    int epochs,
    float margin,
    float learningRate,
    float weightDecay,
    int batch,
    double trainFraction,
    long seed,
    int evaluateEvery) {

    static final int MAX_HIDDEN = 4096;
    static final int MAX_EPOCHS = 5000;
    static final int MAX_BATCH = 10_000;

    private static final Set<String> NAMES = new TreeSet<>(List.of("hidden", "epochs", "margin", "learningRate",
        "weightDecay", "batch", "trainFraction", "seed", "evaluateEvery"));

    public static TrainingOptions of(CuratorTrainer.Options o) {
        return new TrainingOptions(o.hidden(), o.epochs(), o.margin(), o.learningRate(), o.weightDecay(), o.batchSize(),
            o.trainFraction(), o.seed(), o.evaluateEvery());
    }

    public CuratorTrainer.Options toTrainer() {
        return new CuratorTrainer.Options(hidden, epochs, margin, learningRate, weightDecay, batch, trainFraction, seed,
            evaluateEvery);
    }

    /**
     * The options a request body gives, over the defaults; {@code ignored} are the body's other members (field,
     * curator). Held-out figures are computed every {@code evaluateEvery} epochs, by default about 50 times a run.
     */
    public static TrainingOptions from(JsonNode body, Set<String> ignored) {
        CuratorTrainer.Options d = CuratorTrainer.Options.defaults();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!NAMES.contains(name) && !ignored.contains(name)) {
                throw new BadRequest("unknown training option '" + abbreviate(name) + "'; known: "
                    + String.join(", ", NAMES));
            }
        }
        int epochs = integer(body, "epochs", d.epochs(), 1, MAX_EPOCHS);
        return new TrainingOptions(
            integer(body, "hidden", d.hidden(), 1, MAX_HIDDEN),
            epochs,
            (float) decimal(body, "margin", d.margin(), 0, 2, true),
            (float) decimal(body, "learningRate", d.learningRate(), 0, 1, false),
            (float) decimal(body, "weightDecay", d.weightDecay(), 0, 1, true),
            integer(body, "batch", d.batchSize(), 1, MAX_BATCH),
            decimal(body, "trainFraction", d.trainFraction(), 0.1, 0.95, true),
            integer(body, "seed", (int) d.seed(), 0, Integer.MAX_VALUE),
            integer(body, "evaluateEvery", Math.max(1, epochs / 50), 1, MAX_EPOCHS));
    }

    private static int integer(JsonNode body, String name, int fallback, int min, int max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
            throw new BadRequest(name + " must be a whole number, not " + abbreviate(value.toString()));
        }
        double number = value.asDouble();
        if (number < min || number > max) {
            throw new BadRequest(name + " must be between " + min + " and " + max + ", not " + abbreviate(value.toString()));
        }
        return (int) number;
    }

    /** A number in [min, max], or in (min, max] when {@code minIncluded} is false (a learning rate of 0 learns nothing). */
    private static double decimal(JsonNode body, String name, double fallback, double min, double max, boolean minIncluded) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new BadRequest(name + " must be a number, not " + abbreviate(value.toString()));
        }
        double number = value.asDouble();
        boolean aboveMin = minIncluded ? number >= min : number > min;
        if (!aboveMin || number > max || Double.isNaN(number)) {
            throw new BadRequest(name + " must be " + (minIncluded ? "between " + min + " and " : "above " + min + " and at most ")
                + max + ", not " + abbreviate(value.toString()));
        }
        return number;
    }

    private static String abbreviate(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
    }
}

package org.latentarchive.explorer.training;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.latentarchive.explorer.fields.VectorFields;
import org.latentarchive.explorer.training.TrainingRecords.Applied;
import org.latentarchive.explorer.training.TrainingRecords.Evaluation;
import org.latentarchive.explorer.training.TrainingRecords.MeanRankRow;
import org.latentarchive.explorer.training.TrainingRecords.ModelList;
import org.latentarchive.explorer.training.TrainingRecords.ModelSummary;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.NotFound;
import org.latentarchive.curator.AnnotationSet;
import org.latentarchive.curator.ArtworkVectors;
import org.latentarchive.curator.CuratorJobs;
import org.latentarchive.curator.MeanRank;
import org.latentarchive.curator.TunedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The curator loop behind the training page: turns a request into a checked training plan over the stored
 * annotations, lists and applies the tuned models of the models folder, and scores vector fields by mean rank.
 * The work itself is the indexer's ({@link CuratorJobs}), run in-process. Knows nothing of HTTP.
 */
public final class TrainingService implements AutoCloseable {

    /** Fewer judgements than this teach the network nothing a held-out mean rank could show. */
    static final int MIN_LINES = 20;
    static final int MIN_HELD_OUT = 5;
    static final int MAX_EVALUATED_FIELDS = 10;

    private static final Pattern MODEL_NAME = Pattern.compile("(?:vectors\\.)?(tuned_\\d{1,9})");
    private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);

    private final StoredAnnotations annotations;
    private final ArtworkVectors artworks;
    private final VectorFields fields;
    private final Path models;
    private final TrainingRunner runner;

    public TrainingService(StoredAnnotations annotations, ArtworkVectors artworks, VectorFields fields, Path models) {
        this.annotations = annotations;
        this.artworks = artworks;
        this.fields = fields;
        this.models = models;
        this.runner = new TrainingRunner((plan, progress) ->
            CuratorJobs.train(artworks, plan.field(), plan.annotations(), plan.options().toTrainer(), models, progress));
    }

    /** Checks the request against the index and the stored annotations, then queues it; 409 while one runs. */
    public TrainingJob start(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequest("the body must be a JSON object: {\"field\": \"mobilenet_v2\", \"curator\": ..., \"epochs\": ...}");
        }
        String field = fields.resolve(text(body, "field", 200));
        Optional<String> curator = text(body, "curator", 100);
        TrainingOptions options = TrainingOptions.from(body, Set.of("field", "curator"));
        AnnotationSet stored = annotations.read(curator);
        AnnotationSet usable = annotations.usable(stored, field);
        int heldOut = usable.size() - (int) Math.round(usable.size() * options.trainFraction());
        if (usable.size() < MIN_LINES || heldOut < MIN_HELD_OUT) {
            throw new BadRequest("too few annotations to train on: " + stored.size() + " stored"
                + curator.map(c -> " by curator '" + c + "'").orElse("") + ", " + usable.size()
                + " of them with all nine artworks in " + field + ", " + heldOut + " would be held out at trainFraction "
                + options.trainFraction() + "; training needs at least " + MIN_LINES + " lines and " + MIN_HELD_OUT + " held out");
        }
        return runner.start(new TrainingJob.Plan(field, curator, stored, usable.size(), options));
    }

    public Optional<TrainingJob> job(String id) {
        return runner.get(id);
    }

    public List<TrainingJob> jobs() {
        return runner.list();
    }

    /** Every tuned model of the folder, newest first; a file that does not read as a model is logged and left out. */
    public ModelList models() throws IOException {
        List<Path> files = TunedModel.files(models);
        Set<String> inIndex = new HashSet<>(artworks.vectorFields());
        List<ModelSummary> summaries = new ArrayList<>();
        for (Path file : files) {
            try {
                TunedModel m = TunedModel.load(file);
                summaries.add(new ModelSummary(m.name(), m.field(), m.sourceField(), m.createdAt(), TrainingOptions.of(m.options()),
                    MeanRankRow.of(m.metrics()), m.trainLines().size(), m.heldOutLines().size(), m.trainingMillis() / 1000.0,
                    inIndex.contains(m.field())));
            } catch (IOException | RuntimeException e) {
                LOG.warn("{} is not a readable tuned model: {}", file, e.getMessage());
            }
        }
        return new ModelList(models.toAbsolutePath().toString(), summaries);
    }

    /** Writes the model's field for every artwork that has its source field. */
    public Applied apply(String name) throws IOException {
        Matcher m = MODEL_NAME.matcher(name);
        Path file = m.matches() ? TunedModel.file(models, m.group(1)) : null;
        if (file == null || !Files.isRegularFile(file)) {
            throw new NotFound("no tuned model '" + abbreviate(name) + "' in " + models.toAbsolutePath());
        }
        TunedModel model = TunedModel.load(file);
        try {
            int count;
            try {
                count = CuratorJobs.apply(artworks, model);
            } finally {
                // even a failed apply may have written the field's mapping and some of its vectors
                fields.changed();
            }
            LOG.info("applied {}: {} for {} artworks", model.name(), model.field(), count);
            return new Applied(model.name(), model.field(), count);
        } catch (IllegalArgumentException e) {
            // the source field is gone or has other dims than the model was trained on
            throw new BadRequest("cannot apply " + model.name() + ": " + e.getMessage());
        }
    }

    /** The mean-rank table of each field over the stored annotations, chance last. */
    public Evaluation evaluate(List<String> requested, Optional<String> curator) throws IOException {
        if (requested.size() > MAX_EVALUATED_FIELDS) {
            throw new BadRequest("at most " + MAX_EVALUATED_FIELDS + " fields at once, not " + requested.size());
        }
        List<String> resolved = new ArrayList<>();
        if (requested.isEmpty()) {
            resolved.add(fields.resolve(Optional.empty()));
        }
        for (String f : requested) {
            resolved.add(fields.resolve(Optional.of(f)));
        }
        AnnotationSet set = annotations.read(curator);
        if (set.size() == 0) {
            throw new BadRequest("no annotations stored" + curator.map(c -> " by curator '" + c + "'").orElse("") + " to evaluate on");
        }
        List<MeanRank.Result> rows = new ArrayList<>();
        int lines = 0;
        for (String field : resolved) {
            MeanRank.Result row;
            try {
                row = MeanRank.evaluate(field, set, artworks.read(field));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
            rows.add(row);
            lines = Math.max(lines, row.lines());
        }
        rows.add(MeanRank.Result.chance(lines));
        return new Evaluation(curator.orElse(null), set.size(), MeanRankRow.of(rows));
    }

    @Override
    public void close() {
        runner.close();
    }


    private static Optional<String> text(JsonNode body, String name, int maxLength) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new BadRequest(name + " must be a string");
        }
        if (value.asText().length() > maxLength) {
            throw new BadRequest(name + " is longer than " + maxLength + " characters");
        }
        return Optional.of(value.asText().trim());
    }

    private static String abbreviate(String raw) {
        return raw.length() > 60 ? raw.substring(0, 60) + "…" : raw;
    }
}

package org.latentarchive.curator;

import org.latentarchive.index.ArtworksIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The curator loop's jobs against the artworks index, as the command line and the explorer run them. */
public final class CuratorJobs {

    private CuratorJobs() {
    }

    /** Trains on {@code field}'s vectors, measures the result, and saves it as the next tuned version in {@code models}. */
    public static TunedModel train(ArtworkVectors artworks, String field, AnnotationSet annotations,
                                   CuratorTrainer.Options options, Path models, Consumer<CuratorTrainer.Epoch> progress)
        throws IOException {
        VectorTable raw = artworks.read(field);
        int version = TunedModel.nextVersion(models, artworks.vectorFields());
        CuratorTrainer.Outcome outcome = CuratorTrainer.train(raw, annotations, options, progress);
        String name = "tuned_" + version;
        List<MeanRank.Result> metrics = CuratorReport.rows(field, raw, name, outcome.projection(), outcome.train(),
            outcome.heldOut());
        TunedModel model = new TunedModel(version, field, Instant.now().toString(), options, metrics,
            outcome.history(), outcome.millis(), TunedModel.lines(outcome.train()), TunedModel.lines(outcome.heldOut()),
            outcome.projection());
        model.save(models);
        return model;
    }

    /** Re-embeds every artwork that has the model's source field into the model's field; returns how many. */
    public static int apply(ArtworkVectors artworks, TunedModel model) throws IOException {
        VectorTable raw = artworks.read(model.sourceField());
        if (raw.dims() != model.projection().dims()) {
            throw new IllegalArgumentException(model.sourceField() + " has " + raw.dims() + " dims, model "
                + model.name() + " was trained on " + model.projection().dims());
        }
        VectorTable tuned = raw.map(model.projection()::apply);
        artworks.write(model.field(), tuned, model.name() + " of " + model.sourceField() + " at " + model.createdAt(),
            Optional.of(model.sourceField()));
        return tuned.size();
    }

    /** A stacked field's vectors and, when annotations were given, the mean rank of each part and of the stack. */
    public record StackResult(VectorTable vectors, List<MeanRank.Result> meanRanks) {
    }

    /** Builds {@code vectors.<name>} from the parts; writes it into the index when {@code write}. */
    public static StackResult stack(ArtworkVectors artworks, List<Stacking.Part> parts, String name,
                                    Optional<AnnotationSet> annotations, boolean write) throws IOException {
        List<VectorTable> tables = new ArrayList<>();
        for (Stacking.Part part : parts) {
            tables.add(artworks.read(part.field()));
        }
        VectorTable stacked = Stacking.stack(tables, parts);
        List<MeanRank.Result> ranks = new ArrayList<>();
        if (annotations.isPresent()) {
            for (int p = 0; p < parts.size(); p++) {
                ranks.add(MeanRank.evaluate(parts.get(p).field(), annotations.get(), tables.get(p)));
            }
            MeanRank.Result stack = MeanRank.evaluate("stack " + describe(parts), annotations.get(), stacked);
            ranks.add(stack);
            ranks.add(MeanRank.Result.chance(stack.lines()));
        }
        if (write) {
            // indexed like its first part, so a stack is as exact (or as quantized) as the fields it came from
            artworks.write(ArtworksIndex.vectorField(name), stacked, "stack of " + describe(parts), Optional.of(parts.get(0).field()));
        }
        return new StackResult(stacked, ranks);
    }

    private static String describe(List<Stacking.Part> parts) {
        List<String> specs = new ArrayList<>();
        for (Stacking.Part part : parts) {
            specs.add(part.components().map(c -> part.field() + ":" + (c >= 1 ? String.valueOf(c.intValue()) : c.toString()))
                .orElse(part.field()));
        }
        return String.join(" + ", specs);
    }
}

package org.latentarchive.curator.cli;

import org.latentarchive.index.ArtworksIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.latentarchive.curator.Annotation;
import org.latentarchive.curator.AnnotationSet;
import org.latentarchive.curator.ArtworkVectors;
import org.latentarchive.curator.CuratorReport;
import org.latentarchive.curator.MeanRank;
import org.latentarchive.curator.MeanRankTable;
import org.latentarchive.curator.TunedModel;
import org.latentarchive.curator.VectorTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Print the mean-rank table of vector fields for an annotation file.",
        "With --model: before training and trained, on the model's training lines and held-out lines, and on lines of "
            + "the file it never saw; chance last."})
final class EvaluateCommand extends CuratorCommand {

    @Option(names = {"-a", "--annotations"}, description = "annotation file, the prototype's format (default with --model: the model's own lines)")
    Path annotations;

    @Option(names = {"-f", "--field"}, description = "vector field(s) to score on every line (default without --model: vectors.mobilenet_v2)")
    List<String> fields = new ArrayList<>();

    @Option(names = "--model", description = "a tuned model, e.g. tuned_1 (or vectors.tuned_1)")
    String model;

    @Option(names = "--models", defaultValue = "${env:LATENT_ARCHIVE_MODELS:-models}", description = "folder of tuned models (env LATENT_ARCHIVE_MODELS; default models)")
    Path models;

    @Override
    int run(ArtworkVectors artworks, PrintWriter out) throws IOException {
        if (annotations == null && model == null) {
            throw new IllegalArgumentException("give an annotation file (-a), a model (--model), or both");
        }
        if (annotations == null && !fields.isEmpty()) {
            throw new IllegalArgumentException("-f scores a field on an annotation file: give one with -a");
        }
        AnnotationSet set = annotations == null ? null : AnnotationSet.read(annotations);
        List<MeanRank.Result> rows = new ArrayList<>();
        if (model != null) {
            TunedModel tuned = TunedModel.load(TunedModel.file(models, model));
            VectorTable raw = artworks.read(tuned.sourceField());
            rows.addAll(CuratorReport.rows(tuned, raw).subList(0, 4));
            if (set != null) {
                Set<Annotation> seen = new HashSet<>(tuned.train().annotations());
                seen.addAll(tuned.heldOut().annotations());
                AnnotationSet unseen = new AnnotationSet(set.annotations().stream().filter(a -> !seen.contains(a)).toList());
                if (unseen.size() > 0) {
                    rows.add(MeanRank.evaluate("before training (" + tuned.sourceField() + "), unseen lines", unseen, raw));
                    rows.add(MeanRank.evaluate("trained (" + tuned.name() + "), unseen lines", unseen,
                        raw.map(tuned.projection()::apply)));
                }
            }
        }
        if (set != null) {
            List<String> scored = fields.isEmpty() && model == null ? List.of(ArtworksIndex.vectorField(ArtworksIndex.DEFAULT_SPACE)) : fields;
            for (String field : scored) {
                rows.add(MeanRank.evaluate(field + ", all lines", set, artworks.read(field)));
            }
        }
        rows.add(MeanRank.Result.chance(rows.get(rows.size() - 1).lines()));
        out.print(MeanRankTable.format(rows));
        return 0;
    }
}

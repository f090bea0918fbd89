package org.latentarchive.curator.cli;

import org.latentarchive.index.ArtworksIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.latentarchive.curator.AnnotationSet;
import org.latentarchive.curator.ArtworkVectors;
import org.latentarchive.curator.CuratorJobs;
import org.latentarchive.curator.CuratorTrainer;
import org.latentarchive.curator.MeanRankTable;
import org.latentarchive.curator.TunedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train the curator network on annotations over a vector field; save it as the next tuned_<n> model.")
final class TrainCommand extends CuratorCommand {

    /** The prototype's hyper-parameters, once: the fields start at them, and picocli shows them as the defaults. */
    private static final CuratorTrainer.Options DEFAULTS = CuratorTrainer.Options.defaults();

    @Option(names = {"-a", "--annotations"}, required = true, description = "annotation file, the prototype's format")
    Path annotations;

    @Option(names = {"-f", "--field"}, defaultValue = "vectors." + ArtworksIndex.DEFAULT_SPACE, description = "vector field to train on (default: ${DEFAULT-VALUE})")
    String field;

    @Option(names = "--models", defaultValue = "${env:LATENT_ARCHIVE_MODELS:-models}", description = "folder of tuned models (env LATENT_ARCHIVE_MODELS; default models)")
    Path models;

    @Option(names = "--hidden", description = "bottleneck width (default: ${DEFAULT-VALUE})")
    int hidden = DEFAULTS.hidden();

    @Option(names = "--epochs", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs = DEFAULTS.epochs();

    @Option(names = "--margin", description = "triplet margin (default: ${DEFAULT-VALUE})")
    float margin = DEFAULTS.margin();

    @Option(names = "--learning-rate", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    float learningRate = DEFAULTS.learningRate();

    @Option(names = "--weight-decay", description = "Adam weight decay (default: ${DEFAULT-VALUE})")
    float weightDecay = DEFAULTS.weightDecay();

    @Option(names = "--batch", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch = DEFAULTS.batchSize();

    @Option(names = "--train-fraction", description = "share of lines trained on, the rest held out (default: ${DEFAULT-VALUE})")
    double trainFraction = DEFAULTS.trainFraction();

    @Option(names = "--seed", description = "seed for split, negatives and initial weights (default: ${DEFAULT-VALUE})")
    long seed = DEFAULTS.seed();

    @Option(names = "--apply", description = "also write the tuned field into the index")
    boolean apply;

    @Override
    int run(ArtworkVectors artworks, PrintWriter out) throws IOException {
        AnnotationSet set = AnnotationSet.read(annotations);
        CuratorTrainer.Options options = new CuratorTrainer.Options(hidden, epochs, margin, learningRate, weightDecay,
            batch, trainFraction, seed, DEFAULTS.evaluateEvery());
        TunedModel model = CuratorJobs.train(artworks, field, set, options, models, epoch -> {
            if (!Double.isNaN(epoch.heldOutMeanRank())) {
                out.printf(Locale.ROOT, "epoch %4d  loss %.4f  held-out loss %.4f  held-out mean rank %.3f%n",
                    epoch.epoch(), epoch.trainLoss(), epoch.heldOutLoss(), epoch.heldOutMeanRank());
                out.flush();
            }
        });
        out.printf(Locale.ROOT, "trained %s on %s: %d training lines, %d held out, %.1f s%n", model.name(), field,
            model.trainLines().size(), model.heldOutLines().size(), model.trainingMillis() / 1000.0);
        int skipped = set.size() - model.trainLines().size() - model.heldOutLines().size();
        if (skipped > 0) {
            out.println(skipped + " annotation lines left out: they name artworks without a vector in " + field);
        }
        out.print(MeanRankTable.format(model.metrics()));
        out.println("saved " + TunedModel.file(models, model.name()));
        if (apply) {
            int count = CuratorJobs.apply(artworks, model);
            out.println("wrote " + model.field() + " for " + count + " artworks");
        }
        return 0;
    }
}

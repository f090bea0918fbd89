package org.latentarchive.curator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.latentarchive.curator.ArtworkVectors;
import org.latentarchive.curator.CuratorJobs;
import org.latentarchive.curator.TunedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Re-embed every artwork through a tuned model into its field vectors.tuned_<n>.")
final class ApplyCommand extends CuratorCommand {

    @Option(names = "--model", required = true, description = "a tuned model, e.g. tuned_1")
    String model;

    @Option(names = "--models", defaultValue = "${env:LATENT_ARCHIVE_MODELS:-models}", description = "folder of tuned models (env LATENT_ARCHIVE_MODELS; default models)")
    Path models;

    @Override
    int run(ArtworkVectors artworks, PrintWriter out) throws IOException {
        TunedModel tuned = TunedModel.load(TunedModel.file(models, model));
        int count = CuratorJobs.apply(artworks, tuned);
        out.println("wrote " + tuned.field() + " for " + count + " artworks (from " + tuned.sourceField() + ")");
        return 0;
    }
}

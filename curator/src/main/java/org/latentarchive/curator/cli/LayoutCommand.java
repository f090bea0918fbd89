package org.latentarchive.curator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.latentarchive.curator.ArtworkVectors;
import org.latentarchive.curator.layout.LayoutJob;
import org.latentarchive.curator.layout.LayoutMethod;
import org.latentarchive.curator.layout.LayoutOptions;
import org.latentarchive.index.ArtworksIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "layout", mixinStandardHelpOptions = true,
    description = {"Lay a vector space out in 2-D for the explorer's map (PCA, UMAP, t-SNE, the prototype's grid) "
        + "and cluster it with k-means; store both in the index as layout.<space>.* of every artwork.",
        "UMAP and t-SNE run on the space reduced to --dims principal axes, as their authors recommend."})
final class LayoutCommand extends CuratorCommand {

    @Option(names = {"-f", "--field"}, defaultValue = "vectors." + ArtworksIndex.DEFAULT_SPACE,
        description = "vector field to lay out (default: ${DEFAULT-VALUE})")
    String field;

    @Option(names = "--methods", split = ",", defaultValue = "pca,umap,tsne,grid",
        description = "layouts to compute, of pca, umap, tsne, grid (default: ${DEFAULT-VALUE}); others already stored stay")
    List<String> methods;

    @Option(names = "--clusters", description = "k of the k-means clusters (default: ${DEFAULT-VALUE})")
    int clusters = LayoutOptions.CLUSTERS;

    @Option(names = "--dims", description = "principal axes before UMAP, t-SNE and k-means (default: ${DEFAULT-VALUE})")
    int dims = LayoutOptions.REDUCED_DIMS;

    @Option(names = "--pca-sample", description = "fit the principal axes on at most this many artworks (default: ${DEFAULT-VALUE})")
    int pcaSample = LayoutOptions.PCA_SAMPLE;

    @Option(names = "--seed", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--neighbours", description = "UMAP's nearest neighbours (default: ${DEFAULT-VALUE})")
    int neighbours = LayoutOptions.NEIGHBOURS;

    @Option(names = "--perplexity", description = "t-SNE's perplexity (default: ${DEFAULT-VALUE})")
    double perplexity = LayoutOptions.PERPLEXITY;

    @Option(names = "--tsne-iterations", description = "t-SNE's gradient steps (default: ${DEFAULT-VALUE})")
    int tsneIterations = LayoutOptions.TSNE_ITERATIONS;

    @Option(names = "--threads", description = "UMAP's threads (default: the machine's cores)")
    Integer threads;

    @Override
    int run(ArtworkVectors artworks, PrintWriter out) throws IOException {
        LayoutOptions options = new LayoutOptions(LayoutMethod.parseAll(methods), clusters, dims, pcaSample, seed,
            neighbours, perplexity, tsneIterations, threads != null ? threads : Runtime.getRuntime().availableProcessors());
        long[] lastPrinted = {0};
        LayoutJob.Summary summary = LayoutJob.run(artworks, field, options, (fraction, message) -> {
            long now = System.currentTimeMillis();
            if (now - lastPrinted[0] >= 5000 || fraction == 0 || fraction >= 1) {
                lastPrinted[0] = now;
                out.printf(Locale.ROOT, "%5.1f %%  %s%n", fraction * 100, message);
                out.flush();
            }
        });
        out.printf(Locale.ROOT, "laid out %s: %d artworks of %d dims, %d clusters%n", summary.field(), summary.artworks(),
            summary.dims(), summary.clusters());
        out.printf(Locale.ROOT, "  read %.1f s, PCA to %d axes %.1f s, k-means %.1f s%n", summary.readMillis() / 1000.0,
            dims, summary.reduceMillis() / 1000.0, summary.clusterMillis() / 1000.0);
        summary.layoutMillis().forEach((method, millis) ->
            out.printf(Locale.ROOT, "  %-5s %.1f s%n", method.key(), millis / 1000.0));
        out.printf(Locale.ROOT, "  written in %.1f s%n", summary.writeMillis() / 1000.0);
        return 0;
    }
}

package org.latentarchive.curator.layout;

import java.util.List;

/**
 * How the layout job lays out a space.
 *
 * @param methods        the layouts to compute (the others already stored stay)
 * @param clusters       k of the k-means clusters every layout of the space is coloured by
 * @param reducedDims    principal axes UMAP, t-SNE and the clusters work on (their authors recommend about 50)
 * @param pcaSample      the principal axes are fitted on at most this many artworks (drawn with the seed)
 * @param seed           every random choice (sample, UMAP, t-SNE, k-means) comes from it
 * @param neighbours     UMAP's number of nearest neighbours
 * @param perplexity     t-SNE's perplexity (lowered for tiny sets: it must stay below a third of the artworks)
 * @param tsneIterations t-SNE's gradient steps
 * @param threads        UMAP's worker threads
 */
public record LayoutOptions(List<LayoutMethod> methods, int clusters, int reducedDims, int pcaSample, long seed,
                            int neighbours, double perplexity, int tsneIterations, int threads) {

    public static final int CLUSTERS = 12;
    public static final int REDUCED_DIMS = 50;
    public static final int PCA_SAMPLE = 5000;
    public static final int NEIGHBOURS = 15;
    public static final double PERPLEXITY = 30;
    public static final int TSNE_ITERATIONS = 1000;

    public LayoutOptions {
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("name at least one layout: " + LayoutMethod.names());
        }
        if (clusters < 1 || clusters > 1000) {
            throw new IllegalArgumentException("clusters must be 1..1000, not " + clusters);
        }
        if (reducedDims < 2 || reducedDims > 1000) {
            throw new IllegalArgumentException("reduced dims must be 2..1000, not " + reducedDims);
        }
        if (pcaSample < 100) {
            throw new IllegalArgumentException("the PCA sample must be at least 100 artworks, not " + pcaSample);
        }
        if (neighbours < 2 || neighbours > 200) {
            throw new IllegalArgumentException("UMAP's neighbours must be 2..200, not " + neighbours);
        }
        if (!(perplexity >= 2 && perplexity <= 200)) {
            throw new IllegalArgumentException("t-SNE's perplexity must be 2..200, not " + perplexity);
        }
        if (tsneIterations < 250 || tsneIterations > 10_000) {
            throw new IllegalArgumentException("t-SNE's iterations must be 250..10000, not " + tsneIterations);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1..256, not " + threads);
        }
    }

    /** The defaults, for these methods, with as many UMAP threads as the machine has cores. */
    public static LayoutOptions of(List<LayoutMethod> methods) {
        return new LayoutOptions(methods, CLUSTERS, REDUCED_DIMS, PCA_SAMPLE, 0, NEIGHBOURS, PERPLEXITY, TSNE_ITERATIONS,
            Runtime.getRuntime().availableProcessors());
    }
}

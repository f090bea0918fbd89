package org.latentarchive.curator.layout;

import java.io.IOException;
import org.latentarchive.curator.ArtworkVectors;
import org.latentarchive.curator.VectorTable;
import org.latentarchive.index.ArtworksIndex;

/**
 * The map's layout job for one vector space, as the {@code layout} command and the explorer run it: read every
 * artwork's vector, lay the space out (PCA, UMAP, t-SNE, grid) and cluster it, and store it all in the index, so
 * that the map of a filtered subset is a query and not a new computation.
 */
public final class LayoutJob {

    /** What a run did, with the time of each step. */
    public record Summary(String field, int artworks, int dims, int clusters, long readMillis, long reduceMillis,
                          long clusterMillis, java.util.Map<LayoutMethod, Long> layoutMillis, long writeMillis) {
    }

    private LayoutJob() {
    }

    public static Summary run(ArtworkVectors artworks, String field, LayoutOptions options, MapLayouts.Progress progress)
        throws IOException {
        String space = ArtworksIndex.spaceOf(ArtworksIndex.requireVectorField(field));
        progress.report(0, "reading the vectors of " + field);
        long start = System.nanoTime();
        VectorTable table = artworks.read(field);
        long readMillis = (System.nanoTime() - start) / 1_000_000;
        MapLayouts.Result result = MapLayouts.compute(table, options, (f, message) -> progress.report(0.05 + 0.85 * f, message));
        int dims = table.dims();
        table = null;
        progress.report(0.9, "writing " + result.layouts().size() + " layouts of " + result.ids().size() + " artworks");
        start = System.nanoTime();
        new LayoutStore(artworks.client(), artworks.index()).write(space, result,
            f -> progress.report(0.9 + 0.1 * f, "writing layouts"));
        long writeMillis = (System.nanoTime() - start) / 1_000_000;
        java.util.Map<LayoutMethod, Long> millis = new java.util.EnumMap<>(LayoutMethod.class);
        result.layouts().forEach((m, p) -> millis.put(m, p.millis()));
        progress.report(1, "done");
        return new Summary(field, result.ids().size(), dims, result.k(), readMillis, result.reduceMillis(),
            result.clusterMillis(), millis, writeMillis);
    }
}

package org.latentarchive.explorer.projection;

import org.latentarchive.vectors.Pca;
import tagbio.umap.Umap;

/**
 * UMAP (McInnes et al.) through the Tag.bio Java port, on cosine distance like the rest of the system. Small
 * subsets fall back to PCA: UMAP needs more points than neighbours to build its graph.
 */
final class UmapLayout {

    private static final int NEIGHBOURS = 15;

    private UmapLayout() {
    }

    static double[][] project(float[][] vectors, long seed) {
        if (vectors.length <= NEIGHBOURS + 2) {
            return Pca.project(vectors, 2, true);
        }
        Umap umap = new Umap();
        umap.setNumberComponents(2);
        umap.setNumberNearestNeighbours(NEIGHBOURS);
        umap.setMetric("cosine");
        umap.setSeed(seed);
        umap.setThreads(1);
        umap.setVerbose(false);
        float[][] layout = umap.fitTransform(vectors);
        double[][] out = new double[layout.length][2];
        for (int i = 0; i < layout.length; i++) {
            out[i][0] = layout[i][0];
            out[i][1] = layout[i][1];
        }
        return out;
    }
}

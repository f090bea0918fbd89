package org.latentarchive.explorer.projection;

import org.latentarchive.vectors.Pca;
import java.util.Locale;

/** The 2-D layouts the walk and map pages offer. */
public enum Projection {
    /** Linear, fast, and stable: the prototype's PCA(2, whiten=True). */
    PCA,
    /** Non-linear, keeps neighbourhoods together: the role t-SNE played in the prototype's scatters. */
    UMAP;

    public static Projection parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Rows of {@code vectors} to 2-D points, deterministic for a given input and seed. */
    public double[][] project(float[][] vectors, long seed) {
        return switch (this) {
            case PCA -> Pca.project(vectors, 2, true);
            case UMAP -> UmapLayout.project(vectors, seed);
        };
    }
}

package org.latentarchive.indexer.curator;

import java.util.ArrayList;
import java.util.List;

/**
 * Principal components of a field, whitened (every component scaled to unit variance), as the prototype reduced a
 * feature file before stacking it: a whole number keeps that many components, a fraction in (0, 1) keeps the
 * fewest whose share of the variance reaches it. It decomposes the smaller of the Gram matrix (artworks x
 * artworks) and the covariance matrix (dims x dims), so a small collection with wide vectors stays cheap.
 */
public final class WhitenedPca {

    private WhitenedPca() {
    }

    /** The table's vectors reduced to whitened principal components. */
    public static VectorTable fitTransform(VectorTable table, double components) {
        int n = table.size();
        int dims = table.dims();
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least two artworks");
        }
        double[][] x = centred(table);
        double[][] scores;
        double[] variances;
        if (n <= dims) {
            double[][] gram = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    double dot = 0;
                    for (int d = 0; d < dims; d++) {
                        dot += x[i][d] * x[j][d];
                    }
                    gram[i][j] = dot;
                    gram[j][i] = dot;
                }
            }
            SymmetricEigen eigen = SymmetricEigen.of(gram);
            variances = eigen.values();
            // Gram eigenvector u_k with eigenvalue l_k: scores X v_k = sqrt(l_k) u_k; whitened: u_k sqrt(n - 1)
            scores = new double[n][];
            for (int i = 0; i < n; i++) {
                scores[i] = new double[n];
                for (int k = 0; k < n; k++) {
                    scores[i][k] = eigen.vectors()[i][k] * Math.sqrt(n - 1.0);
                }
            }
        } else {
            double[][] covariance = new double[dims][dims];
            for (double[] row : x) {
                for (int a = 0; a < dims; a++) {
                    for (int b = a; b < dims; b++) {
                        covariance[a][b] += row[a] * row[b];
                    }
                }
            }
            for (int a = 0; a < dims; a++) {
                for (int b = a; b < dims; b++) {
                    covariance[b][a] = covariance[a][b];
                }
            }
            SymmetricEigen eigen = SymmetricEigen.of(covariance);
            variances = eigen.values();
            scores = new double[n][dims];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < dims; k++) {
                    if (variances[k] <= 0) {
                        continue;
                    }
                    double projection = 0;
                    for (int d = 0; d < dims; d++) {
                        projection += x[i][d] * eigen.vectors()[d][k];
                    }
                    scores[i][k] = projection / Math.sqrt(variances[k] / (n - 1.0));
                }
            }
        }
        int keep = componentsToKeep(variances, components, n - 1);
        List<float[]> reduced = new ArrayList<>(n);
        for (double[] row : scores) {
            float[] v = new float[keep];
            for (int k = 0; k < keep; k++) {
                v[k] = (float) row[k];
            }
            reduced.add(v);
        }
        return new VectorTable(table.ids(), reduced);
    }

    /** How many components {@code components} asks for, given the variances in decreasing order. */
    static int componentsToKeep(double[] variances, double components, int rank) {
        int available = 0;
        double total = 0;
        for (double v : variances) {
            if (v > 1e-9 * Math.max(1, variances[0])) {
                available++;
                total += v;
            }
        }
        available = Math.min(available, rank);
        if (components >= 1) {
            if (components != Math.rint(components)) {
                throw new IllegalArgumentException("components is a whole number of components or a fraction in (0, 1): " + components);
            }
            if (components > available) {
                throw new IllegalArgumentException("asked for " + (int) components + " components, the field has " + available);
            }
            return (int) components;
        }
        if (!(components > 0)) {
            throw new IllegalArgumentException("components must be a fraction in (0, 1) or a whole number >= 1: " + components);
        }
        double cumulative = 0;
        for (int k = 0; k < available; k++) {
            cumulative += variances[k];
            if (cumulative / total >= components) {
                return k + 1;
            }
        }
        return available;
    }

    private static double[][] centred(VectorTable table) {
        int n = table.size();
        int dims = table.dims();
        double[] mean = new double[dims];
        for (int i = 0; i < n; i++) {
            float[] v = table.vector(i);
            for (int d = 0; d < dims; d++) {
                mean[d] += v[d] / (double) n;
            }
        }
        double[][] x = new double[n][dims];
        for (int i = 0; i < n; i++) {
            float[] v = table.vector(i);
            for (int d = 0; d < dims; d++) {
                x[i][d] = v[d] - mean[d];
            }
        }
        return x;
    }
}

package org.latentarchive.explorer.projection;

import java.util.SplittableRandom;

/**
 * Principal component analysis by power iteration with deflation, whitened as the prototype's
 * {@code PCA(n_components=2, whiten=True)}: each coordinate has unit variance. Power iteration needs two passes over
 * the n x d data per step and never forms the d x d covariance (d = 1792 for MobileNetV2).
 */
public final class Pca {

    private static final int MAX_ITERATIONS = 300;
    private static final double TOLERANCE = 1e-10;

    private Pca() {
    }

    public static double[][] project(float[][] rows, int components, long seed) {
        int n = rows.length;
        double[][] out = new double[n][components];
        if (n == 0) {
            return out;
        }
        int d = rows[0].length;
        double[][] x = new double[n][d];
        double[] mean = new double[d];
        for (float[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / (double) n;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = rows[i][j] - mean[j];
            }
        }
        double[][] axes = new double[components][];
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < components; c++) {
            double[] w = new double[d];
            for (int j = 0; j < d; j++) {
                w[j] = random.nextDouble() - 0.5;
            }
            orthogonalise(w, axes, c);
            normalise(w);
            for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
                double[] next = covarianceTimes(x, w);
                orthogonalise(next, axes, c);
                if (normalise(next) == 0) {
                    break;
                }
                double change = 0;
                for (int j = 0; j < d; j++) {
                    change += (next[j] - w[j]) * (next[j] - w[j]);
                }
                w = next;
                if (change < TOLERANCE) {
                    break;
                }
            }
            axes[c] = w;
            double[] scores = new double[n];
            double variance = 0;
            int largest = 0;
            for (int i = 0; i < n; i++) {
                scores[i] = dot(x[i], w);
                variance += scores[i] * scores[i];
                if (Math.abs(scores[i]) > Math.abs(scores[largest])) {
                    largest = i;
                }
            }
            double std = n > 1 ? Math.sqrt(variance / (n - 1)) : 0;
            // An axis has no sign; fixing it (the farthest point on the positive side) keeps layouts from flipping.
            double sign = scores[largest] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                out[i][c] = std > 0 ? sign * scores[i] / std : 0;
            }
        }
        return out;
    }

    private static double[] covarianceTimes(double[][] x, double[] w) {
        double[] result = new double[w.length];
        for (double[] row : x) {
            double s = dot(row, w);
            for (int j = 0; j < row.length; j++) {
                result[j] += s * row[j];
            }
        }
        return result;
    }

    private static void orthogonalise(double[] w, double[][] axes, int count) {
        for (int a = 0; a < count; a++) {
            double p = dot(w, axes[a]);
            for (int j = 0; j < w.length; j++) {
                w[j] -= p * axes[a][j];
            }
        }
    }

    private static double normalise(double[] w) {
        double norm = Math.sqrt(dot(w, w));
        if (norm > 0) {
            for (int j = 0; j < w.length; j++) {
                w[j] /= norm;
            }
        }
        return norm;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}

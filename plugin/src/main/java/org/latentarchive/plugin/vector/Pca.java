package org.latentarchive.plugin.vector;

/**
 * Principal component projection of a handful of vectors (cluster centroids) onto their first two axes, for plotting.
 * With n vectors of d dimensions and n much smaller than d, the eigenvectors of the n x n Gram matrix of the centred
 * vectors give the projections directly: coordinate c of vector i is {@code u_c[i] * sqrt(lambda_c)}.
 */
public final class Pca {

    private static final int MAX_ITERATIONS = 500;

    private Pca() {}

    /**
     * @return for every vector its [x, y]; signs are fixed so that the largest coordinate of each axis is positive,
     *         which makes the picture the same on every run
     */
    public static double[][] project2d(float[][] vectors) {
        int n = vectors.length;
        double[][] positions = new double[n][2];
        if (n < 2) {
            return positions;
        }
        int dims = vectors[0].length;
        double[] mean = new double[dims];
        for (float[] v : vectors) {
            VectorMath.addScaled(mean, v, 1.0 / n);
        }
        double[][] centred = new double[n][dims];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dims; d++) {
                centred[i][d] = vectors[i][d] - mean[d];
            }
        }
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double dot = 0;
                for (int d = 0; d < dims; d++) {
                    dot += centred[i][d] * centred[j][d];
                }
                gram[i][j] = dot;
                gram[j][i] = dot;
            }
        }
        for (int axis = 0; axis < 2; axis++) {
            double[] u = topEigenvector(gram);
            double lambda = rayleigh(gram, u);
            if (lambda <= 1e-12) {
                break;
            }
            double scale = Math.sqrt(lambda);
            int largest = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(u[i]) > Math.abs(u[largest]) + 1e-12) {
                    largest = i;
                }
            }
            double sign = u[largest] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                positions[i][axis] = sign * u[i] * scale;
            }
            // deflate so that the next power iteration finds the second axis
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    gram[i][j] -= lambda * u[i] * u[j];
                }
            }
        }
        return positions;
    }

    private static double[] topEigenvector(double[][] m) {
        int n = m.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            // a fixed, uneven start so that it is unlikely to be orthogonal to the top eigenvector
            v[i] = 1.0 + (i % 7) * 0.1 + i * 1e-3;
        }
        normalise(v);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] next = multiply(m, v);
            if (normalise(next) == 0) {
                return next;
            }
            double change = 0;
            for (int i = 0; i < n; i++) {
                change = Math.max(change, Math.abs(next[i] - v[i]));
            }
            v = next;
            if (change < 1e-12) {
                break;
            }
        }
        return v;
    }

    private static double rayleigh(double[][] m, double[] v) {
        double[] mv = multiply(m, v);
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[i] * mv[i];
        }
        return s;
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += m[i][j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    private static double normalise(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        if (n > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
        }
        return n;
    }
}

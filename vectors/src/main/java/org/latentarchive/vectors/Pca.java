package org.latentarchive.vectors;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Principal component analysis, the project's one implementation: the 2-D positions of cluster centroids, the
 * explorer's scatter layouts (whitened, as the prototype's {@code PCA(whiten=True)}) and the reduction before
 * stacking. It decomposes the smaller of the Gram matrix (rows x rows) and the covariance matrix (dims x dims) with
 * EJML's symmetric eigen-solver, so a few hundred artworks with 1792-d vectors, and many artworks with narrow
 * vectors, both stay cheap. An axis has no sign of its own: each is turned so that the row farthest along it lies
 * on its positive side, which keeps a layout from flipping between runs.
 */
public final class Pca {

    /** Eigenvalues below this share of the largest are rounding noise: the data has no variance there. */
    private static final double RANK_TOLERANCE = 1e-9;

    private final int rows;
    private final double[] variances;
    /** scores[i][k]: row i's coordinate on axis k, not whitened. */
    private final double[][] scores;

    Pca(int rows, double[] variances, double[][] scores) {
        this.rows = rows;
        this.variances = variances;
        this.scores = scores;
    }

    /** Fits the principal axes of {@code rows} (all of one length) and projects the rows onto them. */
    public static Pca fit(float[][] rows) {
        int n = rows.length;
        if (n == 0) {
            return new Pca(0, new double[0], new double[0][]);
        }
        int dims = rows[0].length;
        DMatrixRMaj x = centred(rows, dims);
        if (n <= dims) {
            return fitByGram(x, n);
        }
        return fitByCovariance(x, n, dims);
    }

    /** Gram eigenvector u_k with eigenvalue l_k: the rows' scores on axis k are sqrt(l_k) u_k. */
    private static Pca fitByGram(DMatrixRMaj x, int n) {
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multOuter(x, gram);
        Eigen eigen = Eigen.of(gram);
        int rank = eigen.rank();
        double[][] scores = new double[n][rank];
        for (int k = 0; k < rank; k++) {
            double scale = Math.sqrt(eigen.values[k]);
            for (int i = 0; i < n; i++) {
                scores[i][k] = eigen.vectors[k][i] * scale;
            }
        }
        return signed(n, variances(eigen, rank, n), scores);
    }

    private static Pca fitByCovariance(DMatrixRMaj x, int n, int dims) {
        DMatrixRMaj scatter = new DMatrixRMaj(dims, dims);
        CommonOps_DDRM.multInner(x, scatter);
        Eigen eigen = Eigen.of(scatter);
        int rank = eigen.rank();
        DMatrixRMaj axes = new DMatrixRMaj(dims, rank);
        for (int k = 0; k < rank; k++) {
            for (int d = 0; d < dims; d++) {
                axes.unsafe_set(d, k, eigen.vectors[k][d]);
            }
        }
        DMatrixRMaj projected = new DMatrixRMaj(n, rank);
        CommonOps_DDRM.mult(x, axes, projected);
        double[][] scores = new double[n][rank];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rank; k++) {
                scores[i][k] = projected.unsafe_get(i, k);
            }
        }
        return signed(n, variances(eigen, rank, n), scores);
    }

    /** Sample variance along each axis, as scikit-learn's explained_variance_. */
    private static double[] variances(Eigen eigen, int rank, int n) {
        double[] out = new double[rank];
        for (int k = 0; k < rank; k++) {
            out[k] = n > 1 ? eigen.values[k] / (n - 1) : 0;
        }
        return out;
    }

    private static Pca signed(int n, double[] variances, double[][] scores) {
        for (int k = 0; k < variances.length; k++) {
            int largest = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(scores[i][k]) > Math.abs(scores[largest][k]) + 1e-12) {
                    largest = i;
                }
            }
            if (scores[largest][k] < 0) {
                for (int i = 0; i < n; i++) {
                    scores[i][k] = -scores[i][k];
                }
            }
        }
        return new Pca(n, variances, scores);
    }

    /** How many axes carry variance (at most rows - 1, at most dims). */
    public int rank() {
        return variances.length;
    }

    /** The sample variance along each axis, largest first. */
    public double[] variances() {
        return variances.clone();
    }

    /**
     * Every row's first {@code components} coordinates; whitened, each axis has unit variance. Axes beyond the rank
     * (no variance left) are 0.
     */
    public double[][] scores(int components, boolean whiten) {
        double[][] out = new double[rows][components];
        int kept = Math.min(components, rank());
        for (int k = 0; k < kept; k++) {
            double scale = whiten ? 1 / Math.sqrt(variances[k]) : 1;
            for (int i = 0; i < rows; i++) {
                out[i][k] = scores[i][k] * scale;
            }
        }
        return out;
    }

    /** The rows on their first {@code components} axes, whitened or not: {@code fit(rows).scores(components, whiten)}. */
    public static double[][] project(float[][] rows, int components, boolean whiten) {
        return fit(rows).scores(components, whiten);
    }

    /**
     * How many components a request for {@code components} keeps: a whole number is that many (at most the rank), a
     * fraction in (0, 1) the fewest whose share of the variance reaches it.
     */
    public int componentsFor(double components) {
        if (components >= 1) {
            if (components != Math.rint(components)) {
                throw new IllegalArgumentException("components is a whole number of components or a fraction in (0, 1): " + components);
            }
            if (components > rank()) {
                throw new IllegalArgumentException("asked for " + (int) components + " components, the field has " + rank());
            }
            return (int) components;
        }
        if (!(components > 0)) {
            throw new IllegalArgumentException("components must be a fraction in (0, 1) or a whole number >= 1: " + components);
        }
        double total = Arrays.stream(variances).sum();
        double cumulative = 0;
        for (int k = 0; k < rank(); k++) {
            cumulative += variances[k];
            if (cumulative / total >= components) {
                return k + 1;
            }
        }
        return rank();
    }

    private static DMatrixRMaj centred(float[][] rows, int dims) {
        int n = rows.length;
        double[] mean = new double[dims];
        for (float[] row : rows) {
            if (row.length != dims) {
                throw new IllegalArgumentException("rows differ in length: " + dims + " and " + row.length);
            }
            VectorMath.addScaled(mean, row, 1.0 / n);
        }
        DMatrixRMaj x = new DMatrixRMaj(n, dims);
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dims; d++) {
                x.unsafe_set(i, d, rows[i][d] - mean[d]);
            }
        }
        return x;
    }

    /** Eigenvalues of a symmetric matrix, largest first, with their unit eigenvectors (vectors[k] for values[k]). */
    private record Eigen(double[] values, double[][] vectors) {

        static Eigen of(DMatrixRMaj symmetric) {
            int size = symmetric.numRows;
            EigenDecomposition_F64<DMatrixRMaj> solver = DecompositionFactory_DDRM.eig(size, true, true);
            if (!solver.decompose(symmetric)) {
                throw new IllegalStateException("the eigen-decomposition of a " + size + " x " + size + " matrix did not converge");
            }
            Integer[] order = new Integer[solver.getNumberOfEigenvalues()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -solver.getEigenvalue(i).real).thenComparingInt(i -> i));
            double[] values = new double[order.length];
            double[][] vectors = new double[order.length][];
            for (int k = 0; k < order.length; k++) {
                values[k] = solver.getEigenvalue(order[k]).real;
                DMatrixRMaj v = solver.getEigenVector(order[k]);
                vectors[k] = v == null ? new double[size] : v.getData().clone();
            }
            return new Eigen(values, vectors);
        }

        /** How many eigenvalues stand above rounding noise. */
        int rank() {
            double largest = values.length == 0 ? 0 : values[0];
            int rank = 0;
            while (rank < values.length && values[rank] > 0 && values[rank] > RANK_TOLERANCE * largest) {
                rank++;
            }
            return rank;
        }
    }
}

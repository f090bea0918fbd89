package org.latentarchive.vectors;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Principal axes fitted once and applied to any rows: what the map's layout job needs before UMAP and t-SNE (their
 * authors reduce to about 50 dimensions first) and for its own PCA layout, over up to a few hundred thousand
 * artworks. Unlike {@link Pca}, which projects the rows it was fitted on, this keeps the mean and the axes, and it
 * fits them on a seeded sample of the rows when there are many: the top 50 axes of 1792-d image features are
 * estimated well from a few thousand rows, and the covariance of all of them would cost minutes. Each axis is signed
 * as {@link Pca} signs them (the sample row farthest along it lies on its positive side), so a layout keeps its
 * orientation between runs.
 */
public final class PcaBasis {

    private static final double RANK_TOLERANCE = 1e-9;
    /** Beyond this many times the components asked for, the axes come from a randomized range finder. */
    private static final int RANDOMIZED_ABOVE = 4;
    /** Extra directions and power iterations of the range finder (Halko, Martinsson and Tropp 2011). */
    private static final int OVERSAMPLING = 10;
    private static final int POWER_ITERATIONS = 4;

    private final double[] mean;
    /** axes[k]: the k-th principal axis, unit length, in the rows' space. */
    private final double[][] axes;
    private final double[] variances;
    /** Whether rows are scaled to unit length before they are centred (a cosine space's directions). */
    private final boolean unit;

    private PcaBasis(double[] mean, double[][] axes, double[] variances, boolean unit) {
        this.mean = mean;
        this.axes = axes;
        this.variances = variances;
        this.unit = unit;
    }

    /**
     * The first {@code components} axes (fewer when the rows have less rank) of {@code rows}, fitted on all of them
     * or, beyond {@code sampleSize}, on that many drawn without repeats with {@code seed}.
     */
    public static PcaBasis fit(float[][] rows, int components, int sampleSize, long seed) {
        return fit(rows, components, sampleSize, seed, false);
    }

    /**
     * The same, with every row scaled to unit length first when {@code unitLength} (and again in {@link #project}):
     * the principal axes of a cosine space's directions, without a normalised copy of all the rows.
     */
    public static PcaBasis fit(float[][] rows, int components, int sampleSize, long seed, boolean unitLength) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows to fit principal axes on");
        }
        if (components < 1 || sampleSize < 2) {
            throw new IllegalArgumentException("components must be at least 1 and sampleSize at least 2");
        }
        int dims = rows[0].length;
        int[] sample = sample(rows.length, sampleSize, seed);
        int n = sample.length;
        double[] mean = new double[dims];
        for (int i : sample) {
            if (rows[i].length != dims) {
                throw new IllegalArgumentException("rows differ in length: " + dims + " and " + rows[i].length);
            }
            VectorMath.addScaled(mean, rows[i], scale(rows[i], unitLength) / n);
        }
        DMatrixRMaj x = new DMatrixRMaj(n, dims);
        for (int r = 0; r < n; r++) {
            float[] row = rows[sample[r]];
            double scale = scale(row, unitLength);
            for (int d = 0; d < dims; d++) {
                x.unsafe_set(r, d, row[d] * scale - mean[d]);
            }
        }
        double[][] axes;
        double[] values;
        if (Math.min(n, dims) > RANDOMIZED_ABOVE * components) {
            double[][][] found = randomized(x, components, seed);
            values = found[0][0];
            axes = found[1];
        } else if (n <= dims) {
            // Gram eigenvector u with eigenvalue l: the axis is X^T u / sqrt(l)
            DMatrixRMaj gram = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multOuter(x, gram);
            double[][][] eigen = eigen(gram, components);
            values = eigen[0][0];
            axes = new double[values.length][dims];
            for (int k = 0; k < values.length; k++) {
                double scale = 1 / Math.sqrt(values[k]);
                for (int r = 0; r < n; r++) {
                    double u = eigen[1][k][r] * scale;
                    for (int d = 0; d < dims; d++) {
                        axes[k][d] += x.unsafe_get(r, d) * u;
                    }
                }
            }
        } else {
            DMatrixRMaj scatter = new DMatrixRMaj(dims, dims);
            CommonOps_DDRM.multInner(x, scatter);
            double[][][] eigen = eigen(scatter, components);
            values = eigen[0][0];
            axes = eigen[1];
        }
        double[] variances = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            variances[k] = n > 1 ? values[k] / (n - 1) : 0;
            sign(axes[k], x);
        }
        return new PcaBasis(mean, axes, variances, unitLength);
    }

    private static double scale(float[] row, boolean unitLength) {
        if (!unitLength) {
            return 1;
        }
        double norm = VectorMath.norm(row);
        return norm > 0 ? 1 / norm : 0;
    }

    /** How many axes the basis has. */
    public int components() {
        return axes.length;
    }

    /** The sample variance along each axis, largest first. */
    public double[] variances() {
        return variances.clone();
    }

    /** Every row's coordinates on the axes (in parallel over the rows); whitened, each axis has unit variance. */
    public float[][] project(float[][] rows, boolean whiten) {
        float[][] out = new float[rows.length][];
        IntStream.range(0, rows.length).parallel().forEach(i -> out[i] = project(rows[i], whiten));
        return out;
    }

    public float[] project(float[] row, boolean whiten) {
        float[] out = new float[axes.length];
        double scale = scale(row, unit);
        for (int k = 0; k < axes.length; k++) {
            double[] axis = axes[k];
            double sum = 0;
            for (int d = 0; d < row.length; d++) {
                sum += (row[d] * scale - mean[d]) * axis[d];
            }
            out[k] = (float) (whiten ? sum / Math.sqrt(variances[k]) : sum);
        }
        return out;
    }

    private static int[] sample(int rows, int sampleSize, long seed) {
        int[] all = IntStream.range(0, rows).toArray();
        if (rows <= sampleSize) {
            return all;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < sampleSize; i++) {
            int j = i + random.nextInt(rows - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] picked = Arrays.copyOf(all, sampleSize);
        Arrays.sort(picked);
        return picked;
    }

    /**
     * The top axes of centred rows {@code x} (m x d) by randomized subspace iteration: Y = X G for a Gaussian G of
     * k + 10 columns, a few rounds of Y = X (X^T Y) each re-orthonormalised, then the exact eigen-decomposition of the
     * small (k + 10) x (k + 10) matrix B B^T with B = Q^T X. It costs a few passes over X instead of the d x d
     * covariance and its eigen-solver, and its top axes match theirs closely when the spectrum decays as image
     * features' does.
     */
    private static double[][][] randomized(DMatrixRMaj x, int components, long seed) {
        int m = x.numRows;
        int d = x.numCols;
        int l = Math.min(Math.min(m, d), components + OVERSAMPLING);
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        DMatrixRMaj g = new DMatrixRMaj(d, l);
        for (int i = 0; i < g.data.length; i++) {
            double u = 1 - random.nextDouble();
            g.data[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        DMatrixRMaj y = new DMatrixRMaj(m, l);
        CommonOps_DDRM.mult(x, g, y);
        DMatrixRMaj q = orthonormal(y);
        DMatrixRMaj z = new DMatrixRMaj(d, l);
        for (int it = 0; it < POWER_ITERATIONS; it++) {
            CommonOps_DDRM.multTransA(x, q, z);
            z = orthonormal(z);
            CommonOps_DDRM.mult(x, z, y);
            q = orthonormal(y);
        }
        DMatrixRMaj b = new DMatrixRMaj(l, d);
        CommonOps_DDRM.multTransA(q, x, b);
        DMatrixRMaj small = new DMatrixRMaj(l, l);
        CommonOps_DDRM.multOuter(b, small);
        double[][][] eigen = eigen(small, components);
        double[] values = eigen[0][0];
        double[][] axes = new double[values.length][d];
        for (int k = 0; k < values.length; k++) {
            double scale = 1 / Math.sqrt(values[k]);
            for (int r = 0; r < l; r++) {
                double u = eigen[1][k][r] * scale;
                for (int c = 0; c < d; c++) {
                    axes[k][c] += b.unsafe_get(r, c) * u;
                }
            }
        }
        return new double[][][] {{values}, axes};
    }

    /** An orthonormal basis of the columns of {@code a} (its QR decomposition's Q, economy size). */
    private static DMatrixRMaj orthonormal(DMatrixRMaj a) {
        var qr = DecompositionFactory_DDRM.qr(a.numRows, a.numCols);
        if (!qr.decompose(a.copy())) {
            throw new IllegalStateException("the QR decomposition of a " + a.numRows + " x " + a.numCols + " matrix failed");
        }
        return qr.getQ(null, true);
    }

    /** The largest {@code wanted} eigenvalues above the rank tolerance ([0][0]) and their unit eigenvectors ([1]). */
    private static double[][][] eigen(DMatrixRMaj symmetric, int wanted) {
        int size = symmetric.numRows;
        EigenDecomposition_F64<DMatrixRMaj> solver = DecompositionFactory_DDRM.eig(size, true, true);
        if (!solver.decompose(symmetric)) {
            throw new IllegalStateException("the eigen-decomposition of a " + size + " x " + size + " matrix did not converge");
        }
        Integer[] order = new Integer[solver.getNumberOfEigenvalues()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -solver.getEigenvalue(i).getReal()));
        double largest = order.length == 0 ? 0 : solver.getEigenvalue(order[0]).getReal();
        int kept = 0;
        while (kept < Math.min(wanted, order.length) && solver.getEigenvalue(order[kept]).getReal() > largest * RANK_TOLERANCE) {
            kept++;
        }
        double[] values = new double[kept];
        double[][] vectors = new double[kept][];
        for (int k = 0; k < kept; k++) {
            values[k] = solver.getEigenvalue(order[k]).getReal();
            DMatrixRMaj v = solver.getEigenVector(order[k]);
            double norm = 0;
            for (int i = 0; i < size; i++) {
                norm += v.get(i) * v.get(i);
            }
            norm = Math.sqrt(norm);
            vectors[k] = new double[size];
            for (int i = 0; i < size; i++) {
                vectors[k][i] = v.get(i) / norm;
            }
        }
        return new double[][][] {{values}, vectors};
    }

    /** Turns the axis so that the (centred) row farthest along it lies on its positive side. */
    private static void sign(double[] axis, DMatrixRMaj centred) {
        double extreme = 0;
        for (int r = 0; r < centred.numRows; r++) {
            double s = 0;
            for (int d = 0; d < axis.length; d++) {
                s += centred.unsafe_get(r, d) * axis[d];
            }
            if (Math.abs(s) > Math.abs(extreme) + 1e-12) {
                extreme = s;
            }
        }
        if (extreme < 0) {
            for (int d = 0; d < axis.length; d++) {
                axis[d] = -axis[d];
            }
        }
    }
}

package org.latentarchive.vectors;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PcaTest {

    @Test
    void pointsOnALineProjectToTheirSpreadAlongIt() {
        // three points on the diagonal of the x/y plane, spaced sqrt(2) apart, centred on (1, 1, 0)
        double[][] positions = Pca.project(new float[][] { { 0, 0, 0 }, { 1, 1, 0 }, { 2, 2, 0 } }, 2, false);
        assertThat(Math.abs(positions[0][0]), closeTo(Math.sqrt(2), 1e-6));
        assertThat(positions[1][0], closeTo(0, 1e-6));
        assertThat(positions[0][0], closeTo(-positions[2][0], 1e-6));
        for (double[] p : positions) {
            assertThat(p[1], closeTo(0, 1e-6));
        }
    }

    @Test
    void distancesInThePlaneAreKeptWhenTheDataIsPlanar() {
        float[][] square = { { 0, 0, 5 }, { 2, 0, 5 }, { 0, 1, 5 }, { 2, 1, 5 } };
        double[][] p = Pca.project(square, 2, false);
        for (int i = 0; i < square.length; i++) {
            for (int j = 0; j < square.length; j++) {
                double original = Math.sqrt(VectorMath.squaredDistance(square[i], square[j]));
                double projected = Math.hypot(p[i][0] - p[j][0], p[i][1] - p[j][1]);
                assertThat(projected, closeTo(original, 1e-6));
            }
        }
        // the long side (x, length 2) is the first axis
        assertThat(Math.abs(p[1][0] - p[0][0]), closeTo(2, 1e-6));
    }

    @Test
    void oneVectorSitsAtTheOrigin() {
        double[][] p = Pca.project(new float[][] { { 3, 4 } }, 2, false);
        assertArrayEquals(new double[] { 0, 0 }, p[0], 0);
    }

    @Test
    void varianceOfAHandMadeSetIsItsSampleVariance() {
        // x takes -2, 0, 2 (sample variance 4), y is constant: one axis, along x; of the two rows equally far along
        // it, the first is put on the positive side
        Pca pca = Pca.fit(new float[][] { { -2, 7 }, { 0, 7 }, { 2, 7 } });
        assertEquals(1, pca.rank());
        assertArrayEquals(new double[] { 4 }, pca.variances(), 1e-9);
        double[][] whitened = pca.scores(1, true);
        assertArrayEquals(new double[] { 1, 0, -1 }, new double[] { whitened[0][0], whitened[1][0], whitened[2][0] }, 1e-9);
    }

    @Test
    void theRowFarthestAlongAnAxisLiesOnItsPositiveSide() {
        // mean -4/3: centred 4/3, 7/3, -11/3; the last is farthest, so the axis is turned to put it at +11/3
        double[][] p = Pca.project(new float[][] { { 0 }, { 1 }, { -5 } }, 1, false);
        assertThat(p[2][0], closeTo(11.0 / 3, 1e-9));
        assertThat(p[0][0], closeTo(-4.0 / 3, 1e-9));
    }

    @Test
    void whitenedComponentsAreUncorrelatedWithUnitVarianceOnBothRoutes() {
        SplittableRandom random = new SplittableRandom(7);
        // 10 rows of 30 dims decompose the Gram matrix, 60 rows of 5 dims the covariance matrix
        for (int[] shape : new int[][] { { 10, 30 }, { 60, 5 } }) {
            float[][] rows = new float[shape[0]][shape[1]];
            for (float[] row : rows) {
                for (int d = 0; d < row.length; d++) {
                    row[d] = (float) (random.nextGaussian() * (1 + d));
                }
            }
            double[][] scores = Pca.project(rows, 4, true);
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    assertEquals(a == b ? 1 : 0, covariance(scores, a, b), 1e-6, "covariance of components " + a + ", " + b + " at " + shape[0] + " x " + shape[1]);
                }
            }
        }
    }

    @Test
    void bothRoutesFindTheSameAxes() {
        // the same 6 points in 3 dims, and padded with zero dims to 8 (more dims than rows: the Gram route)
        SplittableRandom random = new SplittableRandom(11);
        float[][] tall = new float[6][3];
        float[][] wide = new float[6][8];
        for (int i = 0; i < 6; i++) {
            for (int d = 0; d < 3; d++) {
                tall[i][d] = (float) (random.nextGaussian() * (3 - d));
                wide[i][d] = tall[i][d];
            }
        }
        Pca byCovariance = Pca.fit(tall);
        Pca byGram = Pca.fit(wide);
        assertArrayEquals(byCovariance.variances(), byGram.variances(), 1e-9);
        double[][] a = byCovariance.scores(3, false);
        double[][] b = byGram.scores(3, false);
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(a[i], b[i], 1e-6);
        }
    }

    @Test
    void aFractionKeepsTheFewestComponentsReachingThatShareOfVariance() {
        // variances 6, 3, 1: 60 % then 90 % then 100 %
        Pca pca = new Pca(0, new double[] { 6, 3, 1 }, new double[0][]);
        assertEquals(1, pca.componentsFor(0.5));
        assertEquals(2, pca.componentsFor(0.9));
        assertEquals(3, pca.componentsFor(0.95));
        assertEquals(2, pca.componentsFor(2));
        assertThrows(IllegalArgumentException.class, () -> pca.componentsFor(4));
        assertThrows(IllegalArgumentException.class, () -> pca.componentsFor(1.5));
        assertThrows(IllegalArgumentException.class, () -> pca.componentsFor(0));
    }

    private static double covariance(double[][] scores, int a, int b) {
        double ma = 0, mb = 0;
        for (double[] row : scores) {
            ma += row[a] / scores.length;
            mb += row[b] / scores.length;
        }
        double s = 0;
        for (double[] row : scores) {
            s += (row[a] - ma) * (row[b] - mb);
        }
        return s / (scores.length - 1);
    }
}

package org.latentarchive.explorer.projection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectionTest {

    @Test
    void thePcaLayoutFindsTheAxisOfLargestSpreadAndWhitensIt() {
        // Points along (1, 1, 0) with a little spread along (0, 0, 1): the first component is the diagonal.
        float[][] points = new float[20][];
        for (int i = 0; i < points.length; i++) {
            float t = i - 9.5f;
            points[i] = new float[] {t, t, (i % 2 == 0 ? 0.3f : -0.3f)};
        }
        double[][] xy = Projection.PCA.project(points, 0);
        double variance = 0;
        for (int i = 0; i < xy.length; i++) {
            variance += xy[i][0] * xy[i][0];
        }
        assertEquals(1.0, variance / (xy.length - 1), 1e-6, "whitened: unit variance");
        double direction = Math.signum(xy[1][0] - xy[0][0]);
        for (int i = 1; i < xy.length; i++) {
            assertTrue(direction * (xy[i][0] - xy[i - 1][0]) > 0, "the first axis orders the points along the diagonal");
        }
        for (int i = 0; i < xy.length; i++) {
            assertEquals(i % 2 == 0 ? 1 : -1, Math.signum(xy[i][1]) * Math.signum(xy[0][1]), 0, "the second axis is the small spread");
        }
    }

    @Test
    void thePcaLayoutIsTheSameOnEveryRun() {
        float[][] points = {{1, 2, 3}, {2, 1, 0}, {0, 0, 1}, {5, 1, 2}};
        assertArrayEquals(Projection.PCA.project(points, 7)[2], Projection.PCA.project(points, 7)[2], 1e-12);
    }

    @Test
    void umapKeepsTwoSeparateGroupsApart() {
        float[][] points = new float[60][];
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < points.length; i++) {
            float[] v = new float[16];
            v[i < 30 ? 0 : 1] = 5;
            for (int j = 0; j < v.length; j++) {
                v[j] += (float) random.nextGaussian() * 0.2f;
            }
            points[i] = v;
        }
        double[][] xy = Projection.UMAP.project(points, 0);
        double[] a = centre(xy, 0, 30);
        double[] b = centre(xy, 30, 60);
        double between = Math.hypot(a[0] - b[0], a[1] - b[1]);
        double within = 0;
        for (int i = 0; i < 30; i++) {
            within = Math.max(within, Math.hypot(xy[i][0] - a[0], xy[i][1] - a[1]));
        }
        assertTrue(between > within, "groups stay apart: " + between + " > " + within);
    }

    @Test
    void gridTakesTheHighestPointsFirstAndOrdersEachRowLeftToRight() {
        double[][] points = {{0, 0}, {5, 9}, {1, 8}, {3, 1}, {2, 7}, {9, 2}};
        // Highest three: y = 9, 8, 7 -> sorted by x: (1,8), (2,7), (5,9); then (0,0), (3,1), (9,2).
        assertEquals(List.of(2, 4, 1, 0, 3, 5), ProjectionGrid.order(points, 3));
    }

    private static double[] centre(double[][] xy, int from, int to) {
        double[] c = new double[2];
        for (int i = from; i < to; i++) {
            c[0] += xy[i][0] / (to - from);
            c[1] += xy[i][1] / (to - from);
        }
        return c;
    }
}

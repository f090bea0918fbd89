package org.latentarchive.vectors;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PcaBasisTest {

    @Test
    void pointsOnALineProjectToTheirSpreadAlongIt() {
        // three points on the diagonal of the x/y plane; their mean is (4/3, 4/3, 0)
        PcaBasis basis = PcaBasis.fit(new float[][] { { 0, 0, 0 }, { 1, 1, 0 }, { 3, 3, 0 } }, 2, 100, 0);
        assertEquals(1, basis.components(), "three points on a line have one axis");
        // coordinates -4/3, -1/3 and 5/3 times sqrt(2): a sample variance of (16 + 1 + 25) / 9 * 2 / 2
        assertThat(basis.variances()[0], closeTo(42.0 / 9, 1e-9));
        // the row farthest from the mean, (3, 3, 0), lies on the axis's positive side
        assertThat((double) basis.project(new float[] { 3, 3, 0 }, false)[0], closeTo(5 * Math.sqrt(2) / 3, 1e-6));
        assertThat((double) basis.project(new float[] { 0, 0, 0 }, false)[0], closeTo(-4 * Math.sqrt(2) / 3, 1e-6));
        // a row it never saw goes onto the same axis; what lies off the line is dropped
        assertThat((double) basis.project(new float[] { 4.0f / 3, 4.0f / 3, 7 }, false)[0], closeTo(0, 1e-6));
    }

    @Test
    void unitLengthRowsAreDirectionsOnly() {
        float[][] rows = { { 1, 0 }, { 0, 1 }, { 10, 0 }, { 0, 10 } };
        PcaBasis unit = PcaBasis.fit(rows, 1, 100, 0, true);
        // scaled to unit length, (1, 0) and (10, 0) are the same point
        assertThat((double) unit.project(rows[0], false)[0], closeTo(unit.project(rows[2], false)[0], 1e-6));
        assertThat((double) Math.abs(unit.project(rows[0], false)[0] - unit.project(rows[1], false)[0]), closeTo(Math.sqrt(2), 1e-6));
    }

    @Test
    void theRandomizedAxesOfWideDataMatchExactPcasVariances() {
        // 600 rows of 300 dims with a decaying spectrum: variance 100 / (k + 1)^2 along axis k of a random rotation
        SplittableRandom random = new SplittableRandom(7);
        int n = 600;
        int dims = 300;
        float[][] rows = new float[n][dims];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dims; k++) {
                double scale = 10.0 / (k + 1);
                rows[i][k] = (float) (gaussian(random) * scale);
            }
        }
        PcaBasis randomized = PcaBasis.fit(rows, 10, 10_000, 3);
        double[] exact = Pca.fit(rows).variances();
        for (int k = 0; k < 10; k++) {
            assertThat("axis " + k, randomized.variances()[k], closeTo(exact[k], exact[k] * 0.02));
        }
        // the projections keep the variance the axes claim
        float[][] projected = randomized.project(rows, true);
        for (int k = 0; k < 3; k++) {
            double sq = 0;
            double mean = 0;
            for (float[] p : projected) {
                mean += p[k] / n;
            }
            for (float[] p : projected) {
                sq += (p[k] - mean) * (p[k] - mean);
            }
            assertThat(sq / (n - 1), closeTo(1, 1e-3));
        }
        assertThat(randomized.variances()[0], greaterThan(randomized.variances()[1]));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}

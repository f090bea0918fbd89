package org.latentarchive.plugin.vector;

import org.elasticsearch.test.ESTestCase;

import static org.hamcrest.Matchers.closeTo;

public class PcaTests extends ESTestCase {

    public void testPointsOnALineProjectToTheirSpreadAlongIt() {
        // three points on the diagonal of the x/y plane, spaced sqrt(2) apart, centred on (1, 1, 0)
        double[][] positions = Pca.project2d(new float[][] { { 0, 0, 0 }, { 1, 1, 0 }, { 2, 2, 0 } });
        assertThat(Math.abs(positions[0][0]), closeTo(Math.sqrt(2), 1e-6));
        assertThat(positions[1][0], closeTo(0, 1e-6));
        assertThat(positions[0][0], closeTo(-positions[2][0], 1e-6));
        for (double[] p : positions) {
            assertThat(p[1], closeTo(0, 1e-6));
        }
    }

    public void testDistancesInThePlaneAreKeptWhenTheDataIsPlanar() {
        float[][] square = { { 0, 0, 5 }, { 2, 0, 5 }, { 0, 1, 5 }, { 2, 1, 5 } };
        double[][] p = Pca.project2d(square);
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

    public void testOneVectorSitsAtTheOrigin() {
        double[][] p = Pca.project2d(new float[][] { { 3, 4 } });
        assertArrayEquals(new double[] { 0, 0 }, p[0], 0);
    }
}

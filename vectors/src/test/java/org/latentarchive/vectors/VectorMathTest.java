package org.latentarchive.vectors;

import org.junit.jupiter.api.Test;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.*;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

/** The vector math, on vectors small enough to check by hand. */
class VectorMathTest {

    @Test
    void cosineOfParallelOrthogonalAndOppositeVectors() {
        assertThat(VectorMath.cosine(new float[] { 1, 0 }, new float[] { 2, 0 }), closeTo(1, 1e-12));
        assertThat(VectorMath.cosine(new float[] { 1, 0 }, new float[] { 0, 3 }), closeTo(0, 1e-12));
        assertThat(VectorMath.cosine(new float[] { 1, 1 }, new float[] { -1, -1 }), closeTo(-1, 1e-12));
        assertThat(VectorMath.cosine(new float[] { 0, 0 }, new float[] { 1, 1 }), closeTo(0, 1e-12));
    }

    @Test
    void cosineWithKnownNormsIsExactlyTheCosine() {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 100; trial++) {
            float[] a = new float[1 + random.nextInt(50)];
            float[] b = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
                b[i] = (float) random.nextGaussian();
            }
            assertEquals(VectorMath.cosine(a, b), VectorMath.cosine(a, VectorMath.norm(a), b, VectorMath.norm(b)));
        }
        assertThat(VectorMath.cosine(new float[] { 3, 4 }, 5, new float[] { 4, 3 }, 5), closeTo(24.0 / 25, 1e-12));
        assertThat(VectorMath.cosine(new float[] { 0, 0 }, 0, new float[] { 4, 3 }, 5), closeTo(0, 1e-12));
    }

    @Test
    void dotDistanceAndNormalisation() {
        assertThat(VectorMath.dot(new float[] { 1, 2, 3 }, new float[] { 4, 5, 6 }), closeTo(32, 1e-12));
        assertThat(VectorMath.squaredDistance(new float[] { 1, 2 }, new float[] { 4, 6 }), closeTo(25, 1e-12));
        float[] unit = VectorMath.normalized(new float[] { 3, 4 });
        assertThat((double) unit[0], closeTo(0.6, 1e-7));
        assertThat((double) unit[1], closeTo(0.8, 1e-7));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.dot(new float[] { 1 }, new float[] { 1, 2 }));
    }

    @Test
    void scoresInvertToTheDistancesTheyCameFrom() {
        // cosine 0.6 -> score (1 + 0.6) / 2 = 0.8 -> distance 1 - 0.6 = 0.4
        assertThat(Similarity.COSINE.distanceFromScore(0.8), closeTo(0.4, 1e-12));
        // l2 distance 2 -> score 1 / (1 + 4) = 0.2
        assertThat(Similarity.L2_NORM.distanceFromScore(0.2), closeTo(2, 1e-12));
        // inner product 3 -> score 4; inner product -1 -> score 1 / 2
        assertThat(Similarity.MAX_INNER_PRODUCT.distanceFromScore(4), closeTo(-3, 1e-12));
        assertThat(Similarity.MAX_INNER_PRODUCT.distanceFromScore(0.5), closeTo(1, 1e-12));
    }

    @Test
    void farthestScoresReverseTheOrderAndStayNonNegative() {
        for (Similarity similarity : Similarity.values()) {
            float near = 0.9f;
            float far = 0.2f;
            assertTrue(similarity.farthestScore(far) > similarity.farthestScore(near), similarity + " reverses order");
            assertTrue(similarity.farthestScore(near) >= 0, similarity + " stays >= 0");
        }
        assertThat(Similarity.COSINE.farthestScore(0.8f), equalTo(1 - 0.8f));
        assertTrue(Similarity.MAX_INNER_PRODUCT.farthestScore(7f) > 0, "unbounded inner product scores stay positive");
    }

    @Test
    void linearInterpolationPointsAreEvenlySpacedAndExcludeTheEnds() {
        float[][] points = Interpolation.LINEAR.interiorPoints(new float[] { 0, 0 }, new float[] { 4, 8 }, 3);
        assertThat(points.length, equalTo(3));
        assertArrayEquals(new float[] { 1, 2 }, points[0], 1e-6f);
        assertArrayEquals(new float[] { 2, 4 }, points[1], 1e-6f);
        assertArrayEquals(new float[] { 3, 6 }, points[2], 1e-6f);
    }

    @Test
    void sphericalInterpolationTurnsEvenlyAtConstantLength() {
        float[][] points = Interpolation.SPHERICAL.interiorPoints(new float[] { 1, 0 }, new float[] { 0, 1 }, 2);
        // 90 degrees in three equal turns of 30 degrees, all on the unit circle
        assertArrayEquals(new float[] { (float) Math.cos(Math.PI / 6), (float) Math.sin(Math.PI / 6) }, points[0], 1e-6f);
        assertArrayEquals(new float[] { (float) Math.cos(Math.PI / 3), (float) Math.sin(Math.PI / 3) }, points[1], 1e-6f);
        // parallel vectors fall back to a straight line
        float[][] parallel = Interpolation.SPHERICAL.interiorPoints(new float[] { 1, 1 }, new float[] { 3, 3 }, 1);
        assertArrayEquals(new float[] { 2, 2 }, parallel[0], 1e-6f);
    }

    @Test
    void namesParseAndUnknownNamesSayWhatIsExpected() {
        assertThat(Direction.fromName("farthest"), equalTo(Direction.FARTHEST));
        assertThat(Interpolation.fromName("spherical"), equalTo(Interpolation.SPHERICAL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Direction.fromName("sideways"));
        assertThat(e.getMessage(), equalTo("unknown direction [sideways], expected one of [nearest, farthest]"));
    }

}

package org.latentarchive.vectors;

import org.junit.jupiter.api.Test;
import java.util.SplittableRandom;


import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.*;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

class KMeansTest {

    /** Seeded, so that a failure reproduces. */
    private static final SplittableRandom RANDOM = new SplittableRandom(20261201);

    private static final double[] ONES_6 = { 1, 1, 1, 1, 1, 1 };

    @Test
    void twoObviousGroupsOnALine() {
        float[][] points = { { 0 }, { 1 }, { 2 }, { 10 }, { 11 }, { 12 } };
        KMeans.Result result = KMeans.cluster(points, ONES_6, 2, RANDOM.nextLong(), 50);
        int[] a = result.assignment();
        assertThat(a[0], equalTo(a[1]));
        assertThat(a[1], equalTo(a[2]));
        assertThat(a[3], equalTo(a[4]));
        assertThat(a[4], equalTo(a[5]));
        assertThat(a[0], not(equalTo(a[3])));
        // centroids 1 and 11; each group contributes 1 + 0 + 1
        assertThat(result.centroids()[a[0]][0], equalTo(1f));
        assertThat(result.centroids()[a[3]][0], equalTo(11f));
        assertThat(result.inertia(), closeTo(4.0, 1e-9));
    }

    @Test
    void aWeightCountsAsThatManyPoints() {
        // one point of weight 3 at 0 and one of weight 1 at 4: one cluster, centroid (3*0 + 4) / 4 = 1
        KMeans.Result result = KMeans.cluster(new float[][] { { 0 }, { 4 } }, new double[] { 3, 1 }, 1, 0, 10);
        assertThat(result.centroids()[0][0], equalTo(1f));
        // 3 * 1^2 + 1 * 3^2
        assertThat(result.inertia(), closeTo(12.0, 1e-9));
    }

    @Test
    void sameSeedSameClusters() {
        float[][] points = new float[60][3];
        for (int i = 0; i < points.length; i++) {
            for (int d = 0; d < 3; d++) {
                points[i][d] = (float) (-1 + RANDOM.nextDouble() * ((1) - (-1)));
            }
        }
        double[] weights = new double[60];
        java.util.Arrays.fill(weights, 1);
        long seed = RANDOM.nextLong();
        KMeans.Result first = KMeans.cluster(points, weights, 5, seed, 20);
        KMeans.Result second = KMeans.cluster(points, weights, 5, seed, 20);
        assertArrayEquals(first.assignment(), second.assignment());
        assertThat(first.inertia(), equalTo(second.inertia()));
    }

    @Test
    void fewerDistinctPointsThanKGivesFewerCentroids() {
        float[][] points = { { 1, 1 }, { 1, 1 }, { 5, 5 } };
        KMeans.Result result = KMeans.cluster(points, new double[] { 1, 1, 1 }, 3, 0, 10);
        assertThat(result.centroids().length, equalTo(2));
        assertThat(result.inertia(), closeTo(0, 1e-12));
    }

    @Test
    void restartsKeepTheLeastInertia() {
        float[][] points = new float[90][2];
        double[] weights = new double[90];
        for (int i = 0; i < points.length; i++) {
            points[i][0] = (i % 3) * 10 + (float) (-1 + RANDOM.nextDouble() * ((1) - (-1)));
            points[i][1] = ((i / 3) % 3) * 10 + (float) (-1 + RANDOM.nextDouble() * ((1) - (-1)));
            weights[i] = 1;
        }
        long seed = RANDOM.nextLong();
        KMeans.Result best = KMeans.bestOf(8, points, weights, 9, seed, 50, SquaredDistance.PLAIN);
        java.util.SplittableRandom seeds = new java.util.SplittableRandom(seed);
        for (int run = 0; run < 8; run++) {
            KMeans.Result one = KMeans.cluster(points, weights, 9, run == 0 ? seed : seeds.nextLong(), 50);
            assertTrue(best.inertia() <= one.inertia());
        }
    }

    @Test
    void kMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> KMeans.cluster(new float[][] { { 1 } }, new double[] { 1 }, 0, 0, 1));
    }
}

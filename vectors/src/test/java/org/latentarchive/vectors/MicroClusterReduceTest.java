package org.latentarchive.vectors;

import org.junit.jupiter.api.Test;
import org.latentarchive.vectors.MicroClusterReduce.Algorithm;
import org.latentarchive.vectors.MicroClusterReduce.Grouping;
import org.latentarchive.vectors.MicroClusterReduce.MicroCluster;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reduce of micro-clusters, on summaries small enough to check by hand. */
class MicroClusterReduceTest {

    /** A micro-cluster of {@code count} documents all at the 1-d point {@code x}. */
    private static MicroCluster at(double x, long count) {
        return new MicroCluster(count, new double[] { x * count }, x * x * count);
    }

    @Test
    void aSummaryKnowsItsCentroidAndInertia() {
        // two documents at 0 and 2: sum 2, sum of squares 4; centroid 1, inertia 1 + 1 = 2 = 4 - 2^2 / 2
        MicroCluster two = new MicroCluster(2, new double[] { 2 }, 4);
        assertArrayEquals(new float[] { 1 }, two.centroid());
        assertEquals(2, two.inertia(), 1e-12);
    }

    @Test
    void theCanonicalOrderIsLargestFirstThenBySums() {
        List<MicroCluster> shuffled = List.of(at(5, 1), at(1, 3), at(2, 1), at(0, 3));
        // counts 3, 3, 1, 1; the two of 3 by sum of squares (0 before 3), the two of 1 likewise (4 before 25)
        assertArrayEquals(new int[] { 3, 1, 2, 0 }, MicroClusterReduce.canonicalOrder(shuffled));
    }

    @Test
    void kMeansGroupsTheTwoObviousGroupsAndNumbersTheBiggerFirst() {
        // 2 documents near 0, 10 near 10
        List<MicroCluster> micro = List.of(at(10, 5), at(11, 5), at(0, 1), at(1, 1));
        Grouping grouping = MicroClusterReduce.cluster(micro, Algorithm.KMEANS, 2, 0, 50, false, SquaredDistance.PLAIN);
        assertEquals(2, grouping.groups());
        assertArrayEquals(new int[] { 0, 0, 1, 1 }, grouping.group());
        assertEquals(List.of(), grouping.merges());
    }

    @Test
    void wardCutsItsTreeAtKAndNamesTheMergesAboveByGroup() {
        List<MicroCluster> micro = List.of(at(0, 4), at(1, 4), at(10, 1));
        Grouping grouping = MicroClusterReduce.cluster(micro, Algorithm.WARD, 2, 0, 50, true, SquaredDistance.PLAIN);
        // the two close ones (8 documents) are group 0, the far one group 1; one merge joins them above the cut
        assertArrayEquals(new int[] { 0, 0, 1 }, grouping.group());
        assertEquals(1, grouping.merges().size());
        Ward.Merge top = grouping.merges().get(0);
        assertEquals(List.of(0, 1), List.of(Math.min(top.left(), top.right()), Math.max(top.left(), top.right())));
        assertEquals(9, top.size(), 1e-9);
        Grouping withoutTree = MicroClusterReduce.cluster(micro, Algorithm.WARD, 2, 0, 50, false, SquaredDistance.PLAIN);
        assertEquals(List.of(), withoutTree.merges());
    }
}

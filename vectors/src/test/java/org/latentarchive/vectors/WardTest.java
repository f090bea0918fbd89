package org.latentarchive.vectors;

import org.junit.jupiter.api.Test;


import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.*;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

class WardTest {

    @Test
    void mergesClosestPairsFirstLikeScipy() {
        // scipy.cluster.hierarchy.ward([[0], [1], [5], [6]]) gives
        // [[0, 1, 1.0, 2], [2, 3, 1.0, 2], [4, 5, sqrt(2 * (2*2/4) * 25) = 7.0710678, 4]]
        Ward.Tree tree = Ward.cluster(new float[][] { { 0 }, { 1 }, { 5 }, { 6 } }, new double[] { 1, 1, 1, 1 });
        List<Ward.Merge> merges = tree.merges();
        assertThat(merges.size(), equalTo(3));
        assertThat(merges.get(0), equalTo(new Ward.Merge(0, 1, 1.0, 2)));
        assertThat(merges.get(1), equalTo(new Ward.Merge(2, 3, 1.0, 2)));
        assertThat(merges.get(2).left(), equalTo(4));
        assertThat(merges.get(2).right(), equalTo(5));
        assertThat(merges.get(2).distance(), closeTo(Math.sqrt(50), 1e-9));
        assertThat(merges.get(2).size(), equalTo(4.0));
    }

    @Test
    void cutAtKLabelsTheGroups() {
        Ward.Tree tree = Ward.cluster(new float[][] { { 0 }, { 1 }, { 5 }, { 6 }, { 20 } }, new double[] { 1, 1, 1, 1, 1 });
        assertArrayEquals(new int[] { 0, 0, 1, 1, 2 }, tree.labelsAt(3));
        assertArrayEquals(new int[] { 0, 0, 0, 0, 0 }, tree.labelsAt(1));
        assertArrayEquals(new int[] { 0, 1, 2, 3, 4 }, tree.labelsAt(5));
    }

    @Test
    void weightedPointActsLikeDuplicates() {
        // a point of weight 2 at 0 is the same as two points at 0: merging it with 3 costs 2*1/3 * 9 = 6
        Ward.Tree weighted = Ward.cluster(new float[][] { { 0 }, { 3 } }, new double[] { 2, 1 });
        assertThat(weighted.merges().get(0).distance(), closeTo(Math.sqrt(2 * 6.0), 1e-9));
        assertThat(weighted.merges().get(0).size(), equalTo(3.0));
    }

    @Test
    void mergesAboveTheCutUseBucketKeys() {
        Ward.Tree tree = Ward.cluster(new float[][] { { 0 }, { 1 }, { 5 }, { 6 }, { 20 } }, new double[] { 1, 1, 1, 1, 1 });
        // labels at 3: {0,1} -> 0, {5,6} -> 1, {20} -> 2; give them keys 2, 1, 0
        List<Ward.Merge> above = tree.mergesAbove(3, new int[] { 2, 1, 0 });
        assertThat(above.size(), equalTo(2));
        // first the two pairs join (keys 2 and 1) into node 3, then node 3 joins key 0 into node 4
        assertThat(above.get(0).left() + above.get(0).right(), equalTo(3));
        assertThat(above.get(0).size(), equalTo(4.0));
        assertThat(above.get(1).left(), equalTo(0));
        assertThat(above.get(1).right(), equalTo(3));
        assertThat(above.get(1).size(), equalTo(5.0));
    }
}

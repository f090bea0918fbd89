package org.latentarchive.vectors;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Relevance feedback on vectors small enough to check by hand. */
class RocchioTest {

    private static Rocchio.Example ex(float... v) {
        return Rocchio.Example.of(v);
    }

    @Test
    void oneLikeIsThatVector() {
        assertArrayEquals(new float[] { 3, 4 }, Rocchio.query(List.of(ex(3, 4)), List.of(), true), 1e-6f);
        assertArrayEquals(new float[] { 3, 4 }, Rocchio.query(List.of(ex(3, 4)), List.of(), false), 1e-6f);
    }

    @Test
    void directionalFeedbackAveragesDirectionsAndSubtractsTheUnliked() {
        // unit likes (1,0) and (0,1) (the second given at length 5), unlike (1,0): (0.5,0.5) - (1,0) = (-0.5,0.5),
        // scaled to the likes' mean length 3: (-3/sqrt2, 3/sqrt2)
        float[] q = Rocchio.query(List.of(ex(1, 0), ex(0, 5)), List.of(ex(2, 0)), true);
        float h = (float) (3 / Math.sqrt(2));
        assertArrayEquals(new float[] { -h, h }, q, 1e-5f);
    }

    @Test
    void weightsCountInTheMeans() {
        // likes (1,0) weight 3 and (0,1) weight 1: (0.75, 0.25), normalised to length 1
        float[] q = Rocchio.query(List.of(new Rocchio.Example(new float[] { 1, 0 }, 3), ex(0, 1)), List.of(), true);
        double n = Math.sqrt(0.75 * 0.75 + 0.25 * 0.25);
        assertArrayEquals(new float[] { (float) (0.75 / n), (float) (0.25 / n) }, q, 1e-6f);
    }

    @Test
    void pointFeedbackMovesTheMeanOfTheLikesAwayFromTheUnliked() {
        // mean of likes (2,0) and (4,2) = (3,1); unlike (1,1): 2 * (3,1) - (1,1) = (5,1)
        assertArrayEquals(new float[] { 5, 1 }, Rocchio.query(List.of(ex(2, 0), ex(4, 2)), List.of(ex(1, 1)), false), 1e-6f);
    }

    @Test
    void refusesWhatHasNoAnswer() {
        assertEquals("relevance feedback needs at least one liked example",
            assertThrows(IllegalArgumentException.class, () -> Rocchio.query(List.of(), List.of(ex(1, 0)), true)).getMessage());
        assertEquals("the examples' vectors differ in length: 2 and 3",
            assertThrows(IllegalArgumentException.class, () -> Rocchio.query(List.of(ex(1, 0)), List.of(ex(1, 0, 0)), true)).getMessage());
        assertEquals("the liked and unliked examples cancel out: their query has no direction",
            assertThrows(IllegalArgumentException.class, () -> Rocchio.query(List.of(ex(1, 0)), List.of(ex(2, 0)), true)).getMessage());
        // the same artwork liked and unliked cancels out exactly, whatever rounding its components invite
        float[] odd = { 0.1f, 0.7f, -0.3f, 1e-3f, 0.33333334f };
        assertThrows(IllegalArgumentException.class, () -> Rocchio.query(List.of(ex(odd)), List.of(ex(odd)), true));
        assertThrows(IllegalArgumentException.class, () -> Rocchio.query(List.of(ex(0, 0)), List.of(), true));
        assertThrows(IllegalArgumentException.class, () -> new Rocchio.Example(new float[] { 1 }, 0));
    }
}

package org.latentarchive.vectors;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GridLayoutTest {

    @Test
    void rowsTakeTheHighestPointsFirstEachSortedLeftToRight() {
        // five points, two columns: (y 9, 5) then (y 4, 3) then (y 1)
        float[] x = { 0.5f, 0.1f, 0.9f, 0.3f, 0.7f };
        float[] y = { 9f, 5f, 4f, 3f, 1f };
        GridLayout.Cells cells = GridLayout.fill(x, y, 2);
        assertEquals(3, cells.rows());
        assertArrayEquals(new int[] { 0, 0, 1, 1, 2 }, cells.row());
        // row 0: point 1 (x 0.1) left of point 0 (x 0.5); row 1: point 3 (0.3) left of point 2 (0.9)
        assertArrayEquals(new int[] { 1, 0, 1, 0, 0 }, cells.column());
    }

    @Test
    void everyPointGetsACellOfItsOwnInASquareGrid() {
        int n = 1000;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i * 37 % 101) / 101f;
            y[i] = (i * 53 % 97) / 97f;
        }
        GridLayout.Cells cells = GridLayout.square(x, y);
        assertEquals(32, cells.columns());
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < n; i++) {
            used.add(cells.row()[i] * cells.columns() + cells.column()[i]);
        }
        assertEquals(n, used.size());
    }
}
